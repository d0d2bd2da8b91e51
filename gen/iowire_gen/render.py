"""The jinja2 environment every emitter renders with: strict, deterministic, no autoescape."""
import os

import jinja2

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")


def environment():
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    return env


def banner(source, comment=("/*", " */")):
    """The first line of every generated file."""
    start, end = comment
    return f"{start} Generated from {source} by iowire-gen. Do not edit.{end}"


def write_if_changed(path, text):
    """Write `text` to `path` unless it already holds exactly that (keeps builds incremental)."""
    try:
        with open(path, encoding="utf-8") as handle:
            if handle.read() == text:
                return False
    except OSError:
        pass
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)
    return True
