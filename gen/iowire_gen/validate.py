"""Check a loaded schema against schema/meta-schema.yaml (JSON Schema), reporting file:line."""
import os

import jsonschema

from . import loader
from .errors import SchemaError

META_SCHEMA = os.path.join(os.path.dirname(__file__), "..", "..", "schema", "meta-schema.yaml")


def _meta():
    return loader.load(os.path.normpath(META_SCHEMA))


def _describe(error):
    where = "/".join(str(step) for step in error.absolute_path)
    if error.validator == "additionalProperties":
        return f"unknown key: {error.message}"
    if error.validator == "required":
        return f"{where or 'top level'}: {error.message}"
    return f"{where}: {error.message}" if where else error.message


def check(document):
    """Raise SchemaError for the first meta-schema violation, sorted by position in the file."""
    validator = jsonschema.Draft202012Validator(_meta())
    errors = list(validator.iter_errors(document))
    if not errors:
        return
    located = [(loader.locate(document, list(e.absolute_path)), e) for e in errors]
    located.sort(key=lambda pair: (pair[0].line, -len(pair[1].absolute_path)))
    where, error = located[0]
    raise SchemaError(where.path, where.line, _describe(error))
