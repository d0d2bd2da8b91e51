"""The generator stays runnable on Ubuntu 20.04 "focal", the OSS-Fuzz base-builder image.

fuzz/oss-fuzz/build.sh runs gen/iowire-gen there with focal's /usr/bin/python3 (3.8) and its
python3-jinja2 2.10.1, python3-yaml 5.3.1 and python3-jsonschema 3.2.0. The real proof is
fuzz/oss-fuzz/check_focal.sh (a focal chroot: needs root and the network); these checks are the
cheap part of it that runs here, on Debian 12, without either (ctest gen-focal-compat):

* every Python file of gen/ parses as Python 3.8, and uses none of the 3.9+ library calls listed
  below, nor builtin generics or `X | Y` where they are evaluated at run time;
* the templates use only filters and tests that jinja2 2.10 has, or that gen/ registers;
* meta-schema.yaml means the same to jsonschema 3.2's Draft7Validator (the newest it has, see
  validate.validator_class) as to Draft202012Validator: only keywords whose meaning is the same
  in both drafts, and every schema/*.yaml and gen/tests/bad/*.yaml gets the same errors from both.
"""
import ast
import glob
import os
import re

import jinja2
import jinja2.nodes
import jsonschema
import pytest
from conftest import GEN_DIR, REPO

from iowire_gen import loader, render, validate

PY_FILES = sorted(glob.glob(os.path.join(GEN_DIR, "**", "*.py"), recursive=True)
                  + [os.path.join(GEN_DIR, "iowire-gen")])

# Attributes and names that Python 3.8's standard library lacks (added in 3.9 to 3.12).
NEWER_ATTRIBUTES = {
    "removeprefix": "3.9", "removesuffix": "3.9", "lcm": "3.9", "randbytes": "3.9",
    "is_relative_to": "3.9", "readlink": "3.9", "with_stem": "3.9", "bit_count": "3.10",
    "pairwise": "3.10", "batched": "3.12", "StrEnum": "3.11", "chdir": "3.11 (contextlib)",
}
NEWER_MODULES = {"graphlib": "3.9", "zoneinfo": "3.9", "tomllib": "3.11"}
NEWER_CALLS = {("functools", "cache"): "3.9", ("importlib.resources", "files"): "3.9"}
NEWER_KEYWORDS = {("zip", "strict"): "3.10", ("dataclass", "slots"): "3.10", ("dataclass", "kw_only"): "3.10"}
BUILTIN_GENERICS = {"list", "dict", "tuple", "set", "frozenset", "type"}


def _future_annotations(tree):
    return any(isinstance(node, ast.ImportFrom) and node.module == "__future__"
               and any(alias.name == "annotations" for alias in node.names) for node in tree.body)


def _annotations(tree):
    """Every annotation expression in the module."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args
            for arg in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
                if arg is not None and arg.annotation is not None:
                    yield arg.annotation
            if node.returns is not None:
                yield node.returns
        elif isinstance(node, ast.AnnAssign):
            yield node.annotation


def _newer_than_38(tree):
    """(line, what) for each use the module makes of something Python 3.8 does not have."""
    # With `from __future__ import annotations` annotations stay strings, never evaluated.
    lazy = _future_annotations(tree)
    in_annotation = {id(sub) for ann in _annotations(tree) for sub in ast.walk(ann)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in NEWER_ATTRIBUTES:
            found.append((node.lineno, f".{node.attr} (Python {NEWER_ATTRIBUTES[node.attr]})"))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and (node.value.id, node.attr) in NEWER_CALLS:
            found.append((node.lineno, f"{node.value.id}.{node.attr} (Python {NEWER_CALLS[node.value.id, node.attr]})"))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, f"import {alias.name} (Python {NEWER_MODULES[alias.name]})")
                      for alias in node.names if alias.name in NEWER_MODULES]
        elif isinstance(node, ast.ImportFrom):
            if node.module in NEWER_MODULES:
                found.append((node.lineno, f"from {node.module} (Python {NEWER_MODULES[node.module]})"))
            found += [(node.lineno, f"{node.module}.{alias.name} (Python {NEWER_CALLS[node.module, alias.name]})")
                      for alias in node.names if (node.module, alias.name) in NEWER_CALLS]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            found += [(node.lineno, f"{name}({keyword.arg}=) (Python {NEWER_KEYWORDS[name, keyword.arg]})")
                      for keyword in node.keywords if (name, keyword.arg) in NEWER_KEYWORDS]
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
                and node.value.id in BUILTIN_GENERICS and not (lazy and id(node) in in_annotation):
            found.append((node.lineno, f"{node.value.id}[...] (Python 3.9)"))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr) \
                and id(node) in in_annotation and not lazy:
            found.append((node.lineno, "X | Y in an annotation (Python 3.10)"))
    return sorted(set(found))


@pytest.mark.parametrize("path", PY_FILES, ids=lambda path: os.path.relpath(path, GEN_DIR))
def test_python_file_runs_on_python38(path):
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    tree = ast.parse(source, path, feature_version=(3, 8))
    where = os.path.relpath(path, REPO)
    assert not [f"{where}:{line}: {what}" for line, what in _newer_than_38(tree)]


def test_the_checker_finds_what_python38_lacks():
    source = ("import functools, tomllib\n"
              "def f(x: list[int]) -> str | None:\n"
              "    return x.removeprefix('a')\n"
              "@functools.cache\n"
              "def g(): pass\n"
              "zip([], [], strict=True)\n")
    lines = [line for line, _ in _newer_than_38(ast.parse(source))]
    assert lines == [1, 2, 2, 3, 4, 6]
    assert _newer_than_38(ast.parse("from __future__ import annotations\ndef f(x: list[int]) -> str | None: pass\n")) == []
    with pytest.raises(SyntaxError):
        ast.parse("match x:\n    case 1: pass\n", feature_version=(3, 8))


# jinja2 2.10.1's built-in filters and tests (jinja2/filters.py FILTERS, jinja2/tests.py TESTS).
JINJA210_FILTERS = set("""
    abs attr batch capitalize center count d default dictsort e escape filesizeformat first
    float forceescape format groupby indent int join last length list lower map max min pprint
    random reject rejectattr replace reverse round safe select selectattr slice sort string
    striptags sum title tojson trim truncate unique upper urlencode urlize wordcount wordwrap
    xmlattr""".split())
JINJA210_TESTS = set("""
    callable defined divisibleby eq equalto escaped even ge greaterthan gt in iterable le
    lessthan lower lt mapping ne none number odd sameas sequence string undefined upper
    == != > >= < <=""".split())


def _registered_filters():
    """Filters the emitters add to render.environment() (env.filters["name"] = ...)."""
    names = set()
    for path in PY_FILES:
        with open(path, encoding="utf-8") as handle:
            names |= set(re.findall(r"""\.filters\[["']([A-Za-z_]+)["']\]""", handle.read()))
    return names


def test_templates_use_only_jinja2_210_filters_and_tests():
    env = render.environment()
    allowed = JINJA210_FILTERS | _registered_filters()
    wrong = []
    for name in env.loader.list_templates():
        source, _, _ = env.loader.get_source(env, name)
        for node in env.parse(source).find_all((jinja2.nodes.Filter, jinja2.nodes.Test)):
            if isinstance(node, jinja2.nodes.Filter) and node.name not in allowed:
                wrong.append(f"{name}:{node.lineno}: filter '{node.name}' (not in jinja2 2.10)")
            if isinstance(node, jinja2.nodes.Test) and node.name not in JINJA210_TESTS:
                wrong.append(f"{name}:{node.lineno}: test '{node.name}' (not in jinja2 2.10)")
    assert not wrong
    assert env.loader.list_templates()


# Keywords that mean the same in draft 7 and draft 2020-12 (validation and annotations);
# not: items as an array, additionalItems, dependencies, $recursiveRef, unevaluated*, prefixItems…
COMMON_KEYWORDS = set("""
    $schema $id $ref $comment $defs definitions title description default examples readOnly
    writeOnly type enum const multipleOf maximum exclusiveMaximum minimum exclusiveMinimum
    maxLength minLength pattern items maxItems minItems uniqueItems contains maxProperties
    minProperties required properties patternProperties additionalProperties propertyNames
    if then else allOf anyOf oneOf not format""".split())
SUBSCHEMA_MAPS = {"properties", "patternProperties", "$defs", "definitions"}
SUBSCHEMA_LISTS = {"allOf", "anyOf", "oneOf"}
SUBSCHEMAS = {"items", "additionalProperties", "propertyNames", "contains", "if", "then", "else", "not"}


def _schema_nodes(schema, where="#"):
    """(JSON pointer, subschema) for the meta-schema and every schema inside it."""
    yield where, schema
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        if key in SUBSCHEMA_MAPS:
            for name, sub in value.items():
                yield from _schema_nodes(sub, f"{where}/{key}/{name}")
        elif key in SUBSCHEMA_LISTS:
            for index, sub in enumerate(value):
                yield from _schema_nodes(sub, f"{where}/{key}/{index}")
        elif key in SUBSCHEMAS:
            yield from _schema_nodes(value, f"{where}/{key}")


def test_meta_schema_means_the_same_to_jsonschema_32():
    meta = loader.load(validate.META_SCHEMA)
    assert meta["$schema"] in ("https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-07/schema#")
    wrong = []
    for pointer, node in _schema_nodes(meta):
        if not isinstance(node, dict):
            continue          # true / false schemas
        for key in node:
            if key not in COMMON_KEYWORDS:
                wrong.append(f"{pointer}: '{key}' is not a keyword of both draft 7 and draft 2020-12")
        if "$ref" in node and len(node) > 1:
            wrong.append(f"{pointer}: draft 7 ignores the keywords beside $ref: {sorted(set(node) - {'$ref'})}")
        if isinstance(node.get("items"), list):
            wrong.append(f"{pointer}: items as an array is prefixItems in draft 2020-12")
    assert not wrong
    jsonschema.Draft7Validator.check_schema(meta)


def _errors(validator_class, meta, document):
    return sorted((e.validator, tuple(map(str, e.absolute_path))) for e in validator_class(meta).iter_errors(document))


DOCUMENTS = sorted(glob.glob(os.path.join(REPO, "schema", "*.yaml")) + glob.glob(os.path.join(GEN_DIR, "tests", "bad", "*.yaml")))


@pytest.mark.skipif(not hasattr(jsonschema, "Draft202012Validator"), reason="jsonschema < 4 has no Draft 2020-12")
def test_draft7_and_draft202012_agree_on_every_schema():
    meta = loader.load(validate.META_SCHEMA)
    compared = 0
    for path in DOCUMENTS:
        if os.path.basename(path) == "meta-schema.yaml":
            continue
        try:
            document = loader.load(path)
        except Exception:       # noqa: BLE001 - YAML errors: the bad schemas that never reach validation
            continue
        assert _errors(jsonschema.Draft7Validator, meta, document) == \
            _errors(jsonschema.Draft202012Validator, meta, document), os.path.relpath(path, REPO)
        compared += 1
    assert compared > 20
