"""Check a loaded schema against schema/meta-schema.yaml (JSON Schema), reporting file:line."""
import difflib
import os

import jsonschema

from . import loader
from .errors import SchemaError

META_SCHEMA = os.path.join(os.path.dirname(__file__), "..", "..", "schema", "meta-schema.yaml")


def _meta():
    return loader.load(os.path.normpath(META_SCHEMA))


def validator_class():
    """The jsonschema validator for meta-schema.yaml.

    Draft 2020-12, as its "$schema" says, where jsonschema has it (4.0 and later); else Draft 7:
    jsonschema 3.2 (Ubuntu 20.04, the OSS-Fuzz base-builder image) has nothing newer. The
    meta-schema keeps to keywords that mean the same in both drafts (no "$ref" beside other
    keywords, no array-form "items"), so both accept and reject the same documents;
    gen/tests/test_focal_compat.py holds it to that.
    """
    return getattr(jsonschema, "Draft202012Validator", None) or jsonschema.Draft7Validator


def _unknown_key(error):
    """For an additionalProperties error: (location of the first unknown key, message)."""
    known = error.schema.get("properties", {})
    extra = [key for key in error.instance if key not in known]
    extra.sort(key=lambda key: error.instance.at(key).line)
    key = extra[0]
    hint = difflib.get_close_matches(str(key), list(known), n=1)
    return error.instance.at(key), f"unknown key '{key}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")


def _describe(error):
    where = "/".join(str(step) for step in error.absolute_path)
    if error.validator == "required":
        return f"{where or 'top level'}: {error.message}"
    message = f"{where}: {error.message}" if where else error.message
    if error.validator == "type" and isinstance(error.instance, bool) and "string" in error.validator_value:
        message += " (YAML reads unquoted yes/no/on/off/true/false as booleans: quote it)"
    return message


def _locate(document, error):
    inner = [e for e in error.context or [] if e.validator not in ("type", "const", "enum") or e.relative_path]
    if error.validator in ("oneOf", "anyOf") and inner:
        # "... is not valid under any of the given schemas" says little: when the value has the
        # shape of one alternative, say what is wrong inside it.
        return min((_locate(document, e) for e in inner), key=lambda pair: pair[0].line)
    if error.validator == "additionalProperties" and isinstance(error.instance, loader.Node):
        return _unknown_key(error)
    return loader.locate(document, list(error.absolute_path)), _describe(error)


def check(document):
    """Raise SchemaError for the first meta-schema violation, sorted by position in the file."""
    validator = validator_class()(_meta())
    errors = list(validator.iter_errors(document))
    if not errors:
        return
    located = [(*_locate(document, e), e) for e in errors]
    located.sort(key=lambda item: (item[0].line, -len(item[2].absolute_path)))
    where, message, _ = located[0]
    raise SchemaError(where.path, where.line, message)
