"""Emitter: a protocol's capabilities JSON (vfio-user's VERSION data) as a typed C struct.

For a protocol whose schema has a `capabilities:` section this renders two files:

* include/iowire/<stem>_caps.h: `struct iow_<prefix>_caps` with one typed member per capability
  (objects as nested structs, bool as bool, uint as uint64_t) and a `present` bitmask, plus
  #defines for every default, minimum, maximum and presence bit;
* src/<stem>_caps.c: the descriptor table (key, key path, JSON type, presence bit, default, min,
  max, offset into the struct, nested table) that the hand-written json-c runtime
  (lib/c/src/caps_json.c) walks.  The generated code only describes; it holds no logic.
"""
from dataclasses import dataclass, field

from . import render
from .emit_c import LIB_RUNTIME, file_stem
from .errors import SchemaError

UINT64_MAX = (1 << 64) - 1
# Bits of the `present` mask (uint64_t): one per key, objects included.
MAX_KEYS = 64
# The JSON object that holds the capabilities: {"capabilities": {...}}.
CONTAINER = "capabilities"
C_KEYWORDS = frozenset("""
    auto break case char const continue default do double else enum extern float for goto if
    inline int long register restrict return short signed sizeof static struct switch typedef
    union unsigned void volatile while bool true false present
""".split())


@dataclass
class CapItem:
    """One capability key, with everything the templates print about it."""
    key: str
    type: str
    path: str           # JSON key path, e.g. capabilities.migration.pgsize
    designator: str     # C member designator inside the top struct, e.g. migration.pgsize
    macro: str          # macro stem, e.g. IOW_VFU_CAPS_MIGRATION_PGSIZE
    bit: int
    doc: str = ""
    default: int = 0
    min: int = 0
    max: int = UINT64_MAX
    children: list = field(default_factory=list)
    struct: str = ""    # objects: C struct tag of the nested struct
    table: str = ""     # objects: name of the nested descriptor table

    @property
    def ctype(self):
        return {"uint": "uint64_t", "bool": "bool"}.get(self.type, f"struct {self.struct}")

    @property
    def c_default(self):
        if self.type == "bool":
            return "true" if self.default else "false"
        return f"UINT64_C({self.default})"

    @property
    def mask(self):
        """Bits of this key and every key below it."""
        bits = 1 << self.bit
        for child in self.children:
            bits |= child.mask
        return bits


def has_caps(proto):
    return bool(proto.capabilities)


def _comment(text):
    return " ".join(str(text).split()).replace("*/", "* /")


class _Builder:
    def __init__(self, proto):
        self.proto = proto
        self.P = f"{LIB_RUNTIME}_{proto.prefix}_caps"
        self.bits = 0

    def error(self, message):
        return SchemaError(self.proto.path, 0, f"capabilities: {message}")

    def items(self, members, path, designator, macro, struct):
        out, seen = [], set()
        for m in members:
            if m.name in seen:
                raise self.error(f"{path}.{m.name} is listed twice")
            seen.add(m.name)
            if m.name in C_KEYWORDS:
                raise self.error(f"{path}.{m.name}: the key is a C keyword or reserved member name")
            if self.bits >= MAX_KEYS:
                raise self.error(f"more than {MAX_KEYS} keys do not fit the present mask")
            item = CapItem(m.name, m.type, f"{path}.{m.name}", designator + m.name,
                           f"{macro}_{m.name.upper()}", self.bits, _comment(m.doc))
            self.bits += 1
            if m.type == "object":
                if m.default is not None or m.min is not None or m.max is not None:
                    raise self.error(f"{item.path}: an object takes no default, min or max")
                item.struct = f"{struct}_{m.name}"
                item.table = f"{item.struct}_desc"
                item.children = self.items(m.members, item.path, item.designator + ".", item.macro,
                                           item.struct)
            elif m.type == "bool":
                if m.default is not None and not isinstance(m.default, bool):
                    raise self.error(f"{item.path}: a bool's default must be true or false")
                if m.min is not None or m.max is not None:
                    raise self.error(f"{item.path}: a bool takes no min or max")
                item.default = bool(m.default)
            else:
                if isinstance(m.default, bool):
                    raise self.error(f"{item.path}: a uint's default must be an integer")
                item.min = 0 if m.min is None else m.min
                item.max = UINT64_MAX if m.max is None else m.max
                item.default = item.min if m.default is None else m.default
                if item.max > UINT64_MAX:
                    raise self.error(f"{item.path}: max does not fit in 64 bits")
                if not item.min <= item.default <= item.max:
                    raise self.error(f"{item.path}: default outside [min, max]")
            out.append(item)
        return out


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.children)


def _objects_postorder(items):
    """Object items, children before parents (the order C needs the struct definitions in)."""
    for item in items:
        if item.type == "object":
            yield from _objects_postorder(item.children)
            yield item


def caps_context(proto):
    b = _Builder(proto)
    items = b.items(proto.capabilities, CONTAINER, "", b.P.upper(), b.P)
    every = list(_walk(items))
    return {
        "proto": proto,
        "P": b.P,
        "PU": b.P.upper(),
        "R": LIB_RUNTIME,
        "stem": file_stem(proto),
        "container": CONTAINER,
        "items": items,
        "all_items": every,
        "objects": list(_objects_postorder(items)),
        "all_mask": (1 << len(every)) - 1,
    }


def render_caps(proto, source):
    """[(path relative to the output directory, text)] of the capabilities files of `proto`."""
    if not has_caps(proto):
        return []
    env = render.environment()
    ctx = caps_context(proto)
    stem = ctx["stem"]
    header = render.banner(source) + "\n" + env.get_template("caps.h.j2").render(ctx)
    source_text = render.banner(source) + "\n" + env.get_template("caps.c.j2").render(ctx)
    return [(f"include/iowire/{stem}_caps.h", header), (f"src/{stem}_caps.c", source_text)]
