"""Load a schema YAML file into plain dicts and lists that remember their line numbers.

Every mapping becomes a `Node` (a dict) whose `where` tells the file and line it started on,
and whose `key_lines` gives the line of each key, so that later stages can point at the exact
line of a field or attribute.
"""
import yaml

from .errors import Located, SchemaError


class Node(dict):
    """A YAML mapping with the location of itself and of each of its keys."""

    where = None
    key_lines = None

    def at(self, key):
        """Location of `key` in this mapping, or of the mapping itself if the key is absent."""
        line = (self.key_lines or {}).get(key)
        if line is None:
            return self.where
        return Located(self.where.path, line)


def _loader_class(path):
    class LineLoader(yaml.SafeLoader):
        pass

    def construct_mapping(loader, node, deep=False):
        loader.flatten_mapping(node)
        result = Node()
        result.where = Located(path, node.start_mark.line + 1)
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key_node, yaml.ScalarNode):
                raise SchemaError(path, key_node.start_mark.line + 1, "a mapping key must be a plain scalar")
            if key in result:
                raise SchemaError(path, key_node.start_mark.line + 1, f"duplicate key '{key}'")
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return LineLoader


def load(path):
    """Parse `path`; YAML syntax errors become SchemaError with the line of the problem."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise SchemaError(path, 0, f"cannot read schema: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SchemaError(path, raw.count(b"\n", 0, exc.start) + 1,
                          f"not UTF-8: byte {raw[exc.start]:#04x} at offset {exc.start}") from exc
    try:
        data = yaml.load(text, Loader=_loader_class(path))  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context
        if exc.context_mark and exc.context and ("<stream end>" in (exc.problem or "")
                                                 or "end of stream" in (exc.problem or "")):
            # Something left open (a bracket, a quote) runs to the end of the file: point at where
            # it was opened, not past the last line.
            what = exc.context.replace("while parsing ", "").replace("while scanning ", "")
            mark, message = exc.context_mark, f"{what} opened here is never closed"
        line = mark.line + 1 if mark else 0
        raise SchemaError(path, line, f"YAML syntax: {message}") from exc
    if not isinstance(data, Node):
        raise SchemaError(path, 1, "a schema must be a YAML mapping")
    return data


def locate(document, json_path):
    """Line of the deepest node along `json_path` (a sequence of keys and indexes)."""
    node = document
    where = document.where
    for step in json_path:
        if isinstance(node, Node):
            if step not in node:
                break
            where = node.at(step)
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
            if isinstance(node, Node):
                where = node.where
        else:
            break
    return where
