"""The semantic model: a validated schema with names resolved, profiles computed and layout checked.

Everything an emitter needs is here, already checked; emitters never look at raw YAML.
"""
from dataclasses import dataclass, field as dc_field

from .errors import SchemaError

INT_TYPES = {
    "u8": (8, False, "le"), "s8": (8, True, "le"),
    "le16": (16, False, "le"), "le32": (32, False, "le"), "le64": (64, False, "le"),
    "be16": (16, False, "be"), "be32": (32, False, "be"), "be64": (64, False, "be"),
    "sle16": (16, True, "le"), "sle32": (32, True, "le"), "sle64": (64, True, "le"),
    "sbe16": (16, True, "be"), "sbe32": (32, True, "be"), "sbe64": (64, True, "be"),
}
TAIL_KINDS = ("array", "chain", "variant")
# Field attributes that only some kinds of field take; name, type, offset, doc and the profile
# keys apply to every field.
KIND_ATTRS = {
    "size": ("int", "bytes", "struct"), "reserved": ("int", "bytes"),
    "enum": ("int",), "flags": ("int",), "min": ("int",), "max": ("int",), "fd-index": ("int",),
    "length": ("bytes",), "string": ("bytes",), "significant": ("bytes",),
    "when": ("bytes", "struct", "array"), "of": ("array",), "count": ("array",),
    "chain": ("chain",), "first": ("chain",), "variant": ("variant",), "select": ("variant",),
}


@dataclass(eq=False)
class Profile:
    name: str
    id: str
    index: int
    parent: "Profile" = None
    doc: str = ""


@dataclass
class IntType:
    name: str
    bits: int
    signed: bool
    order: str  # "le" or "be"

    @property
    def size(self):
        return self.bits // 8

    @property
    def ctype(self):
        return f"{'int' if self.signed else 'uint'}{self.bits}_t"


@dataclass(eq=False)
class EnumValue:
    name: str
    value: int
    mask: int
    doc: str = ""
    deprecated: str = ""


@dataclass(eq=False)
class Enum:
    name: str
    closed: bool
    values: list
    mask: int
    doc: str = ""
    spec: str = ""


@dataclass(eq=False)
class FlagBit:
    name: str
    mask: int
    be_mask: int
    enum: Enum
    avail: int
    doc: str = ""

    @property
    def shift(self):
        return (self.mask & -self.mask).bit_length() - 1

    @property
    def be_shift(self):
        return (self.be_mask & -self.be_mask).bit_length() - 1

    @property
    def single(self):
        return self.mask & (self.mask - 1) == 0


@dataclass(eq=False)
class Flags:
    name: str
    width: int
    undefined: str
    bits: list
    groups: list
    mask: int
    doc: str = ""
    spec: str = ""

    def bit(self, name):
        return next((b for b in self.bits if b.name == name), None)

    @property
    def has_be_masks(self):
        return any(b.be_mask != b.mask for b in self.bits)


@dataclass(eq=False)
class Field:
    name: str
    kind: str  # int, bytes, struct, array, chain, variant
    offset: int
    size: int  # None for tail members of unknown size
    avail: int
    where: object
    inttype: IntType = None
    struct: "Struct" = None
    enum: Enum = None
    flags: Flags = None
    reserved: str = None
    min: int = None
    max: int = None
    length: list = None  # path of Fields, or "rest"
    count: list = None
    of: "Struct" = None  # array element struct
    of_variant: "Variant" = None  # array element variant
    chain: "Chain" = None
    first: list = None
    variant: "Variant" = None
    on: list = None
    when: tuple = None  # (path of Fields, FlagBit)
    string: str = None
    significant: tuple = None  # (path, FlagBit)
    fd_index: bool = False
    fd_none: int = None  # value meaning "no fd" ...
    fd_none_mask: int = 0  # ... in these profiles
    doc: str = ""

    @property
    def is_tail(self):
        return self.when is not None or self.length is not None or self.kind in TAIL_KINDS


@dataclass(eq=False)
class Struct:
    name: str
    size: int
    fields: list
    mask: int
    where: object
    doc: str = ""
    spec: str = ""

    @property
    def fixed_fields(self):
        return [f for f in self.fields if not f.is_tail]

    @property
    def tail(self):
        return next((f for f in self.fields if f.is_tail), None)

    @property
    def is_fixed(self):
        return self.tail is None

    def field(self, name):
        return next((f for f in self.fields if f.name == name), None)


@dataclass(eq=False)
class ChainCase:
    id: int
    version: int
    name: str
    body: Struct


@dataclass(eq=False)
class Chain:
    name: str
    header: Struct
    id: Field
    version: Field
    next: Field
    cases: list
    doc: str = ""


@dataclass(eq=False)
class VariantCase:
    value: int
    name: str
    body: Struct
    mask: int


@dataclass(eq=False)
class Variant:
    name: str
    on_path: list = None  # path of Fields in the containing struct
    on_bit: FlagBit = None
    on_offset: int = None  # selector read from each element at this offset
    on_type: IntType = None
    by_length: bool = False
    empty_allowed: bool = False
    strides: list = dc_field(default_factory=list)  # (mask, size)
    cases: list = dc_field(default_factory=list)
    mask: int = 0
    doc: str = ""

    def bodies(self):
        seen = []
        for case in self.cases:
            if case.body not in seen:
                seen.append(case.body)
        return seen


@dataclass(eq=False)
class Use:
    payload: object  # Struct or Variant
    argsz: str = None
    argsz_path: list = None
    zero: list = dc_field(default_factory=list)
    fds_max: int = 0
    fds_when: tuple = None
    fds_count: list = None
    doc: str = ""


@dataclass(eq=False)
class Command:
    name: str
    value: int
    direction: str
    request: Use
    reply: Use
    mask: int
    spec: str = ""


@dataclass(eq=False)
class Message:
    name: str
    payload: Struct
    direction: str
    mask: int


@dataclass(eq=False)
class JsonMember:
    name: str
    type: str
    default: object = None
    min: int = None
    max: int = None
    members: list = dc_field(default_factory=list)
    doc: str = ""


@dataclass(eq=False)
class Protocol:
    path: str
    name: str
    prefix: str
    version: str
    title: str
    doc: str
    profiles: list
    default_profile: Profile
    constants: list
    enums: dict
    flags: dict
    structs: dict
    chains: dict
    variants: dict
    commands: list
    messages: list
    capabilities: list
    spec_base: str = ""

    @property
    def all_mask(self):
        return (1 << len(self.profiles)) - 1

    def profile_names(self, mask):
        return [p.name for p in self.profiles if mask >> p.index & 1]


class _Builder:
    """Turns a validated document into a Protocol, raising SchemaError at the offending line."""

    def __init__(self, doc):
        self.doc = doc
        self.path = doc.where.path
        self.profiles = {}
        self.enums = {}
        self.flags = {}
        self.structs = {}
        self.chains = {}
        self.variants = {}
        self.struct_nodes = {}
        self.variant_nodes = {}

    # ---- profiles -----------------------------------------------------------------------
    def build_profiles(self):
        for index, node in enumerate(self.doc["profiles"]):
            if node["name"] in self.profiles:
                raise node.at("name").error(f"profile '{node['name']}' is defined twice")
            parent = None
            if "extends" in node:
                parent = self.profiles.get(node["extends"])
                if parent is None:
                    later = any(other["name"] == node["extends"] for other in self.doc["profiles"][index + 1:])
                    raise node.at("extends").error(
                        f"profile '{node['name']}' extends '{node['extends']}', which is declared after it"
                        if later else f"profile '{node['name']}' extends unknown profile '{node['extends']}'")
            self.profiles[node["name"]] = Profile(node["name"], node["id"], index, parent,
                                                  node.get("doc", ""))
        default = self.doc["default-profile"]
        if default not in self.profiles:
            raise self.doc.at("default-profile").error(f"default-profile '{default}' is not a profile")

    def profile(self, node, key, name):
        if name not in self.profiles:
            raise node.at(key).error(f"unknown profile '{name}'")
        return self.profiles[name]

    def descendants(self, root):
        mask = 0
        for prof in self.profiles.values():
            walk = prof
            while walk is not None and walk is not root:
                walk = walk.parent
            if walk is root:
                mask |= 1 << prof.index
        return mask

    def avail(self, node, inherited):
        """Profile mask of an item from since/removed/profiles, within what contains it."""
        if "profiles" in node:
            mask = 0
            for name in node["profiles"]:
                mask |= 1 << self.profile(node, "profiles", name).index
            if "since" in node or "removed" in node:
                raise node.at("profiles").error("give either profiles or since/removed, not both")
        else:
            mask = inherited
            if "since" in node:
                mask &= self.descendants(self.profile(node, "since", node["since"]))
            if "removed" in node:
                mask &= ~self.descendants(self.profile(node, "removed", node["removed"]))
        if mask & ~inherited:
            raise node.where.error(
                "available in profiles its container does not have: "
                + ", ".join(p.name for p in self.profiles.values() if (mask & ~inherited) >> p.index & 1))
        if mask == 0:
            raise node.where.error("available in no profile")
        return mask

    @property
    def all_mask(self):
        return (1 << len(self.profiles)) - 1

    # ---- enums and flags ----------------------------------------------------------------
    def build_enums(self):
        for node in self.doc.get("enums", []):
            self.unique(node, self.enums, "enum")
            mask = self.avail(node, self.all_mask)
            values, seen = [], {}
            for vnode in node["values"]:
                vmask = self.avail(vnode, mask)
                if vnode["name"] in [v.name for v in values]:
                    raise vnode.at("name").error(f"enum {node['name']}: value name '{vnode['name']}' repeated")
                clash = seen.get(vnode["value"], 0) & vmask
                if clash:
                    raise vnode.at("value").error(
                        f"enum {node['name']}: value {vnode['value']} already used in the same profile")
                seen[vnode["value"]] = seen.get(vnode["value"], 0) | vmask
                values.append(EnumValue(vnode["name"], vnode["value"], vmask, vnode.get("doc", ""),
                                        vnode.get("deprecated", "")))
            self.enums[node["name"]] = Enum(node["name"], node.get("closed", False), values, mask,
                                            node.get("doc", ""), node.get("spec", ""))

    def build_flags(self):
        for node in self.doc.get("flags", []):
            self.unique(node, self.flags, "flags")
            mask = self.avail(node, self.all_mask)
            width = node["width"]
            bits, used = [], 0
            for bnode in node["bits"]:
                bmask = bnode["mask"]
                if bmask >> width:
                    raise bnode.at("mask").error(f"flags {node['name']}: mask {bmask:#x} does not fit in {width} bits")
                if bmask & used:
                    raise bnode.at("mask").error(f"flags {node['name']}: mask {bmask:#x} overlaps another bit")
                if any(b.name == bnode["name"] for b in bits):
                    raise bnode.at("name").error(f"flags {node['name']}: bit name '{bnode['name']}' repeated")
                used |= bmask
                be_mask = bnode.get("host-be-mask", bmask)
                if bin(be_mask).count("1") != bin(bmask).count("1") or be_mask >> width:
                    raise bnode.at("host-be-mask").error("host-be-mask must have as many bits as mask")
                enum = self.ref(bnode, "enum", self.enums, "enum") if "enum" in bnode else None
                if enum is not None and bmask & (bmask - 1) == 0:
                    raise bnode.at("enum").error("a one-bit flag cannot carry an enum")
                if enum is not None:
                    top = max((v.value for v in enum.values), default=0)
                    if top > bmask >> ((bmask & -bmask).bit_length() - 1):
                        raise bnode.at("enum").error(f"enum {enum.name} has values wider than mask {bmask:#x}")
                bits.append(FlagBit(bnode["name"], bmask, be_mask, enum, self.avail(bnode, mask),
                                    bnode.get("doc", "")))
            groups = []
            for gnode in node.get("groups", []):
                members = []
                for name in gnode["one-of"]:
                    bit = next((b for b in bits if b.name == name), None)
                    if bit is None:
                        raise gnode.at("one-of").error(f"flags {node['name']}: group names unknown bit '{name}'")
                    members.append(bit)
                groups.append((gnode["name"], members))
            self.flags[node["name"]] = Flags(node["name"], width, node["undefined"], bits, groups, mask,
                                             node.get("doc", ""), node.get("spec", ""))

    # ---- helpers ------------------------------------------------------------------------
    def unique(self, node, table, what):
        if node["name"] in table:
            raise node.at("name").error(f"{what} '{node['name']}' is defined twice")

    def ref(self, node, key, table, what):
        name = node[key]
        if name not in table:
            raise node.at(key).error(f"unknown {what} '{name}'")
        return table[name]

    # ---- structs ------------------------------------------------------------------------
    def declare_structs(self):
        for node in self.doc["structs"]:
            if node["name"] in self.struct_nodes:
                raise node.at("name").error(f"struct '{node['name']}' is defined twice")
            self.struct_nodes[node["name"]] = node
        for node in self.doc.get("variants", []):
            if node["name"] in self.struct_nodes or node["name"] in self.variant_nodes:
                raise node.at("name").error(f"'{node['name']}' is defined twice")
            self.variant_nodes[node["name"]] = node

    def struct(self, name, user, key, stack=()):
        """Build struct `name` on first use; `user[key]` is where it is referred to."""
        if name in self.structs:
            return self.structs[name]
        node = self.struct_nodes.get(name)
        if node is None:
            raise user.at(key).error(f"unknown struct '{name}'")
        if name in stack:
            raise user.at(key).error(f"struct '{name}' contains itself")
        struct = Struct(name, node["size"], [], self.avail(node, self.all_mask), node.where,
                        node.get("doc", ""), node.get("spec", ""))
        stack = stack + (name,)
        for fnode in node["fields"]:
            if struct.field(fnode["name"]):
                raise fnode.at("name").error(f"struct {name}: field '{fnode['name']}' repeated")
            struct.fields.append(self.field(struct, fnode, stack))
        self.check_layout(struct, node)
        self.structs[name] = struct
        return struct

    def field(self, struct, node, stack):
        ftype = node["type"]
        fld = Field(node["name"], "", node["offset"], node.get("size"), struct.mask, node.where,
                    doc=node.get("doc", ""))
        if ftype in INT_TYPES:
            bits, signed, order = INT_TYPES[ftype]
            fld.kind, fld.inttype = "int", IntType(ftype, bits, signed, order)
            self.expect_size(node, fld, bits // 8)
        elif ftype == "bytes":
            fld.kind = "bytes"
            if ("size" in node) == ("length" in node):
                raise node.where.error(f"bytes field '{fld.name}' needs exactly one of size or length")
            if "when" in node and "length" not in node:
                raise node.at("when").error(f"bytes field '{fld.name}' with when: needs length, not size")
        elif ftype == "array":
            fld.kind = "array"
            for key in ("of", "count"):
                if key not in node:
                    raise node.where.error(f"array field '{fld.name}' needs '{key}'")
        elif ftype == "chain":
            fld.kind = "chain"
            for key in ("chain", "first"):
                if key not in node:
                    raise node.where.error(f"chain field '{fld.name}' needs '{key}'")
            fld.chain = self.ref(node, "chain", self.chains, "chain")
        elif ftype == "variant":
            fld.kind = "variant"
            if "variant" not in node or "select" not in node:
                raise node.where.error(f"variant field '{fld.name}' needs 'variant' and 'select'")
        else:
            fld.kind = "struct"
            if ftype not in self.struct_nodes:
                what = "a variant: write type: variant" if ftype in self.variant_nodes else \
                    "not an integer type, bytes, array, chain, variant or a struct"
                raise node.at("type").error(f"unknown type '{ftype}': {what}")
            fld.struct = self.struct(ftype, node, "type", stack)
            if fld.struct.is_fixed:
                self.expect_size(node, fld, fld.struct.size)
            elif "size" in node:
                raise node.at("size").error(f"field '{fld.name}': struct {ftype} has no fixed size")
        self.field_attributes(struct, fld, node, stack)
        return fld

    def expect_size(self, node, fld, size):
        if "size" in node and node["size"] != size:
            raise node.at("size").error(f"field '{fld.name}': size {node['size']} but its type takes {size}")
        fld.size = size

    def field_attributes(self, struct, fld, node, stack):
        for key in node:
            if fld.kind not in KIND_ATTRS.get(key, (fld.kind,)):
                raise node.at(key).error(f"field '{fld.name}': {key} does not apply to {node['type']} fields")
        if "enum" in node:
            fld.enum = self.ref(node, "enum", self.enums, "enum")
        if "flags" in node:
            fld.flags = self.ref(node, "flags", self.flags, "flags")
            if fld.inttype.bits != fld.flags.width or fld.inttype.signed:
                raise node.at("flags").error(
                    f"field '{fld.name}': flags {fld.flags.name} need an unsigned {fld.flags.width}-bit integer")
        fld.reserved = node.get("reserved")
        fld.min, fld.max = node.get("min"), node.get("max")
        if fld.kind == "int":
            self.check_int_range(fld, node)
        fld.string = node.get("string")
        fd_rule = node.get("fd-index")
        if fd_rule is not None:
            fld.fd_index = True
            if isinstance(fd_rule, dict):
                fld.fd_none = fd_rule["none"]
                fld.fd_none_mask = 0
                for name in fd_rule["none-profiles"]:
                    fld.fd_none_mask |= 1 << self.profile(fd_rule, "none-profiles", name).index
        if "when" in node:
            fld.when = self.flag_path(struct, node, "when", single=True)
            fld.avail = fld.when[1].avail
        fld.avail = self.avail(node, fld.avail)
        if "length" in node:
            fld.length = "rest" if node["length"] == "rest" else self.int_path(struct, node, "length")
        if fld.kind == "array":
            fld.count = self.int_path(struct, node, "count")
            name = node["of"]
            if name in self.variant_nodes:
                fld.of_variant = self.variant(name, node, "of", stack)
                if fld.of_variant.on_offset is None:
                    raise node.at("of").error(f"elements of variant {name} must be chosen by a field at a fixed "
                                              "offset (select: field, offset and type)")
            else:
                fld.of = self.struct(name, node, "of", stack)
                if not fld.of.is_fixed:
                    raise node.at("of").error(f"array elements of {name} must have a fixed size")
        if fld.kind == "chain":
            fld.first = self.int_path(struct, node, "first")
        if fld.kind == "variant":
            fld.variant = self.variant(node["variant"], node, "variant", stack)
            if fld.variant.on_path is None:
                raise node.at("variant").error(
                    f"variant {fld.variant.name} is not chosen by a field of the containing struct")
            fld.on = self.flag_path(struct, node, "select", single=False)
            if fld.variant.on_path != [p.name for p in fld.on[0]] + [fld.on[1].name]:
                raise node.at("select").error(f"variant {fld.variant.name} is chosen by {'.'.join(fld.variant.on_path)}")
            wide = next((c for c in fld.variant.cases if c.value > fld.on[1].mask >> fld.on[1].shift), None)
            if wide is not None:
                raise node.at("select").error(f"variant {fld.variant.name}: case {wide.name} ({wide.value}) does not "
                                              f"fit {node['select']} (mask {fld.on[1].mask:#x})")
        if "significant" in node:
            fld.significant = self.flag_path(struct, node, "significant", single=False)
            if fld.kind != "bytes" or fld.size is None:
                raise node.at("significant").error("significant applies to fixed-size byte fields")
        for ref in (fld.struct, fld.of, fld.enum, fld.flags):
            if ref is not None and fld.avail & ~ref.mask:
                raise node.where.error(f"field '{fld.name}' is available in profiles where {ref.name} is not")

    @staticmethod
    def check_int_range(fld, node):
        """enum values, min and max must fit the integer; min must not exceed max."""
        t = fld.inttype
        top = (1 << (t.bits - 1 if t.signed else t.bits)) - 1
        if fld.enum is not None and max((v.value for v in fld.enum.values), default=0) > top:
            raise node.at("enum").error(f"field '{fld.name}': enum {fld.enum.name} has values wider than {t.name}")
        for key in ("min", "max"):
            if node.get(key, 0) > top:
                raise node.at(key).error(f"field '{fld.name}': {key} {node[key]} does not fit in {t.name}")
        if fld.min is not None and fld.max is not None and fld.min > fld.max:
            raise node.at("min").error(f"field '{fld.name}': min {fld.min} is above max {fld.max}")

    def resolve(self, struct, node, key):
        """Resolve a dotted path of fixed fields already declared in `struct`."""
        parts, fields, scope = node[key].split("."), [], struct
        for i, part in enumerate(parts):
            fld = scope.field(part) if scope is not None else None
            if fld is None or fld.is_tail:
                raise node.at(key).error(f"{key}: '{node[key]}' does not name a fixed field declared before")
            fields.append(fld)
            rest = parts[i + 1:]
            if fld.kind != "struct" or not rest:
                return fields, rest
            scope = fld.struct
        return fields, []

    def int_path(self, struct, node, key):
        fields, rest = self.resolve(struct, node, key)
        if rest or fields[-1].kind != "int":
            raise node.at(key).error(f"{key}: '{node[key]}' must name an integer field")
        return fields

    def flag_path(self, struct, node, key, single):
        fields, rest = self.resolve(struct, node, key)
        target = fields[-1]
        if len(rest) != 1 or target.flags is None:
            raise node.at(key).error(f"{key}: '{node[key]}' must name a bit of a flags field")
        bit = target.flags.bit(rest[0])
        if bit is None:
            raise node.at(key).error(f"{key}: flags {target.flags.name} have no bit '{rest[0]}'")
        if single and not bit.single:
            raise node.at(key).error(f"{key}: '{node[key]}' is a multi-bit field, not a flag")
        if not single and bit.single:
            raise node.at(key).error(f"{key}: '{node[key]}' is a one-bit flag, not a value")
        return fields, bit

    def check_layout(self, struct, node):
        """Offsets must follow each other exactly; the fixed part must add up to size."""
        running, tail_seen = 0, None
        for fld, fnode in zip(struct.fields, node["fields"]):
            if tail_seen is not None:
                raise fnode.where.error(
                    f"struct {struct.name}: field '{fld.name}' follows variable-size member '{tail_seen}'")
            if fld.offset != running:
                raise fnode.at("offset").error(
                    f"struct {struct.name}: field '{fld.name}' at offset {fld.offset}, "
                    f"but the fields before it end at {running}")
            if fld.is_tail:
                tail_seen = fld.name
                continue
            running += fld.size
        if running != struct.size:
            raise node.at("size").error(
                f"struct {struct.name}: size {struct.size}, but its fixed fields take {running}")

    # ---- chains and variants -------------------------------------------------------------
    def build_chains(self):
        for node in self.doc.get("chains", []):
            self.unique(node, self.chains, "chain")
            header = self.struct(node["header"], node, "header")
            parts = {}
            for key in ("id", "version", "next"):
                fld = header.field(node[key])
                if fld is None or fld.kind != "int":
                    raise node.at(key).error(f"chain {node['name']}: {key} must name an integer field of {header.name}")
                parts[key] = fld
            cases = []
            for cnode in node["cases"]:
                body = self.struct(cnode["body"], cnode, "body")
                for key in ("id", "version"):
                    if cnode[key] >> parts[key].inttype.bits:
                        raise cnode.at(key).error(f"chain {node['name']}: {key} {cnode[key]} does not fit "
                                                  f"{header.name}.{parts[key].name} ({parts[key].inttype.name})")
                if any(c.id == cnode["id"] and c.version == cnode["version"] for c in cases):
                    raise cnode.where.error(f"chain {node['name']}: id {cnode['id']} version {cnode['version']} repeated")
                cases.append(ChainCase(cnode["id"], cnode["version"], cnode["name"], body))
            self.chains[node["name"]] = Chain(node["name"], header, parts["id"], parts["version"],
                                              parts["next"], cases, node.get("doc", ""))

    def variant(self, name, user, key, stack=()):
        if name in self.variants:
            return self.variants[name]
        node = self.variant_nodes.get(name)
        if node is None:
            raise user.at(key).error(f"unknown variant '{name}'")
        on = node["select"]
        var = Variant(name, mask=self.all_mask, doc=node.get("doc", ""),
                      empty_allowed=node.get("empty") == "allowed")
        if "field" in on and "offset" in on and "type" in on:
            var.on_offset, var.on_type = on["offset"], IntType(on["type"], *INT_TYPES[on["type"]])
        elif "field" in on and "offset" not in on and "type" not in on:
            var.on_path = on["field"].split(".")
        elif on.get("length"):
            var.by_length = True
        else:
            raise node.at("select").error(f"variant {name}: 'select' needs field (with offset and type for elements) or length")
        for snode in node.get("stride", []):
            var.strides.append((self.avail(snode, self.all_mask), snode["size"]))
        for cnode in node["cases"]:
            body = self.struct(cnode["body"], cnode, "body", stack)
            mask = self.avail(cnode, self.all_mask) & body.mask
            for other in var.cases:
                if other.value == cnode["value"] and other.mask & mask:
                    raise cnode.at("value").error(f"variant {name}: value {cnode['value']} repeated in one profile")
            if var.on_type is not None and cnode["value"] >> var.on_type.bits:
                raise cnode.at("value").error(f"variant {name}: value {cnode['value']} does not fit {var.on_type.name}")
            if var.by_length and (not body.is_fixed or body.size != cnode["value"]):
                raise cnode.at("value").error(f"variant {name}: case {cnode['name']}: value {cnode['value']} but "
                                              + (f"{body.name} takes {body.size} bytes" if body.is_fixed
                                                 else f"{body.name} has no fixed size"))
            var.cases.append(VariantCase(cnode["value"], cnode["name"], body, mask))
        if var.on_offset is not None:
            self.check_element_variant(var, node)
        self.variants[name] = var
        return var

    def check_element_variant(self, var, node):
        covered = 0
        for mask, size in var.strides:
            if mask & covered:
                raise node.at("stride").error(f"variant {var.name}: two strides for one profile")
            covered |= mask
            for case in var.cases:
                if case.mask & mask and (not case.body.is_fixed or case.body.size > size):
                    raise node.at("stride").error(
                        f"variant {var.name}: case {case.name} ({case.body.size} bytes) does not fit stride {size}")
        if covered != self.all_mask:
            raise node.at("stride").error(f"variant {var.name}: a stride is needed for every profile")
        for case in var.cases:
            sel = next((f for f in case.body.fields if f.offset == var.on_offset), None)
            if sel is None or sel.inttype != var.on_type:
                raise node.at("select").error(
                    f"variant {var.name}: case {case.name} has no {var.on_type.name} field at offset {var.on_offset}")

    # ---- commands, messages, capabilities ------------------------------------------------
    def payload(self, node, key):
        name = node[key]
        if name in self.variant_nodes:
            var = self.variant(name, node, key)
            if not var.by_length:
                raise node.at(key).error(f"payload variant '{name}' must be chosen by length")
            return var
        return self.struct(name, node, key)

    def use(self, struct_node, key, mask):
        node = struct_node[key]
        use = Use(self.payload(node, "payload"), node.get("argsz"), doc=node.get("doc", ""))
        payload = use.payload
        fds = node.get("fds") or {}
        for key in ("argsz", "zero", "fds"):
            if not isinstance(payload, Struct) and key in node and (key != "fds" or "when" in fds or "count" in fds):
                raise node.at(key).error(f"argsz, zero and fds when/count need a struct payload, "
                                         f"not variant {payload.name}")
        if isinstance(payload, Struct):
            if mask & ~payload.mask:
                raise node.at("payload").error(f"payload {payload.name} is missing from profiles the command has")
            if use.argsz:
                use.argsz_path = self.argsz_path(payload)
                if use.argsz_path is None:
                    raise node.at("argsz").error(f"argsz rule on {payload.name}, which does not start with argsz")
            for name in node.get("zero", []):
                fld = payload.field(name)
                if fld is None or fld.kind != "int":
                    raise node.at("zero").error(f"zero: {payload.name} has no integer field '{name}'")
                use.zero.append(fld)
        if fds:
            use.fds_max = fds["max"]
            if "when" in fds:
                use.fds_when = self.flag_path(payload, fds, "when", single=True)
            if "count" in fds:
                use.fds_count = self.int_path(payload, fds, "count")
        return use

    @staticmethod
    def argsz_path(struct):
        """Path to an argsz field that opens the payload, possibly inside a leading nested struct."""
        path, scope = [], struct
        while scope is not None and scope.fields:
            first = scope.fields[0]
            path.append(first)
            if first.name == "argsz" and first.kind == "int":
                return path
            scope = first.struct if first.kind == "struct" else None
        return None

    def check_header(self):
        """Commands travel in vfio-user style messages; the message layer reads these header parts."""
        header = self.structs.get("header")
        if header is None or not header.is_fixed:
            raise self.doc.at("commands").error(
                "commands need a struct header of fixed size (with command, msg_size and flags, as in vfio-user)")
        for name, offset, bits in (("command", 2, 16), ("msg_size", 4, 32)):
            fld = header.field(name)
            if fld is None or fld.kind != "int" or fld.offset != offset or fld.inttype.bits != bits \
                    or fld.inttype.signed:
                raise (fld.where if fld else header.where).error(
                    f"struct header: the message layer needs {name} as an unsigned {bits}-bit integer at offset {offset}")
        fld = header.field("flags")
        flags = fld.flags if fld is not None else None
        if flags is None or flags.name != "header_flags":
            raise (fld.where if fld else header.where).error("struct header: needs a field flags of flags header_flags")
        kind, error = flags.bit("type"), flags.bit("error")
        if kind is None or kind.single or kind.enum is None or kind.enum.name != "msg_type" \
                or not any(v.name == "reply" for v in kind.enum.values):
            raise fld.where.error("header_flags needs a multi-bit type of enum msg_type, with a value reply")
        if error is None or not error.single:
            raise fld.where.error("header_flags needs a one-bit error")
        for enode in self.doc.get("enums", []):
            for vnode in enode["values"] if enode["name"] == "command" else []:
                if vnode["value"] >> 16:
                    raise vnode.at("value").error(
                        f"command {vnode['name']}: {vnode['value']} does not fit the 16-bit command of the header")

    def build_commands(self):
        commands = []
        enum = self.enums.get("command")
        if self.doc.get("commands"):
            self.check_header()
        for node in self.doc.get("commands", []):
            if enum is None:
                raise node.where.error("commands need an enum named 'command'")
            value = next((v for v in enum.values if v.name == node["name"]), None)
            if value is None:
                raise node.at("name").error(f"command {node['name']} is not a value of enum command")
            if any(c.name == node["name"] for c in commands):
                raise node.at("name").error(f"command {node['name']} is defined twice")
            cmd = Command(node["name"], value.value, node["direction"], None, None, value.mask,
                          node.get("spec", ""))
            cmd.request = self.use(node, "request", value.mask)
            cmd.reply = self.use(node, "reply", value.mask)
            commands.append(cmd)
        if enum is not None and commands:
            missing = [v.name for v in enum.values if v.name not in [c.name for c in commands]]
            if missing:
                raise self.doc.at("commands").error(f"commands missing for enum values: {', '.join(missing)}")
        return commands

    def build_messages(self):
        messages = []
        for node in self.doc.get("messages", []):
            struct = self.struct(node["payload"], node, "payload")
            mask = self.avail(node, self.all_mask)
            if mask & ~struct.mask:
                raise node.where.error(f"message {node['name']} is available where {struct.name} is not")
            messages.append(Message(node["name"], struct, node["direction"], mask))
        return messages

    def json_members(self, nodes):
        members = []
        for node in nodes:
            member = JsonMember(node["name"], node["type"], node.get("default"), node.get("min"),
                                node.get("max"), doc=node.get("doc", ""))
            if "since" in node:
                self.profile(node, "since", node["since"])
            if "default" in node and member.type != "object" \
                    and isinstance(member.default, bool) != (member.type == "bool"):
                raise node.at("default").error(f"capability {member.name}: default must be "
                                               + ("true or false" if member.type == "bool" else "an integer"))
            if member.type == "object":
                member.members = self.json_members(node.get("members", []))
            elif member.type == "uint" and member.min is not None and member.max is not None:
                if not member.min <= (member.default or 0) <= member.max:
                    raise node.where.error(f"capability {member.name}: default outside [min, max]")
            members.append(member)
        return members

    def build(self):
        self.build_profiles()
        self.build_enums()
        self.build_flags()
        self.declare_structs()
        self.build_chains()
        for name, node in self.struct_nodes.items():
            self.struct(name, node, "name")
        for name, node in self.variant_nodes.items():
            self.variant(name, node, "name")
        commands = self.build_commands()
        messages = self.build_messages()
        caps = self.json_members(self.doc.get("capabilities", {}).get("members", []))
        constants = [(c["name"], c["value"], c.get("doc", "")) for c in self.doc.get("constants", [])]
        for cnode in self.doc.get("constants", []):
            struct = self.structs.get(cnode["name"][:-len("_size")]) if cnode["name"].endswith("_size") else None
            if struct is not None and struct.size != cnode["value"]:
                raise cnode.at("value").error(f"constant {cnode['name']} is {cnode['value']}, but struct {struct.name} "
                                              f"takes {struct.size} bytes (both name {struct.name}'s size in C)")
        profiles = sorted(self.profiles.values(), key=lambda p: p.index)
        return Protocol(self.path, self.doc["protocol"], self.doc["prefix"], self.doc["version"],
                        self.doc.get("title", self.doc["protocol"]), self.doc.get("doc", ""), profiles,
                        self.profiles[self.doc["default-profile"]], constants, self.enums, self.flags,
                        self.structs, self.chains, self.variants, commands, messages, caps,
                        self.doc.get("spec-base", ""))


def build(document):
    """Build the semantic model of a document that passed the meta-schema."""
    try:
        return _Builder(document).build()
    except RecursionError as exc:  # pragma: no cover - nesting is bounded by the cycle check
        raise SchemaError(document.where.path, 1, "structures nest too deeply") from exc
