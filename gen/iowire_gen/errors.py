"""Errors the generator reports: always with the schema file and line they come from."""


class SchemaError(Exception):
    """A problem in a schema file, located at file:line."""

    def __init__(self, path, line, message):
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


class Located:
    """Where a schema node was read from; attached to every mapping the loader builds."""

    __slots__ = ("path", "line")

    def __init__(self, path, line):
        self.path = path
        self.line = line

    def error(self, message):
        return SchemaError(self.path, self.line, message)
