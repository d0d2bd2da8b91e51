"""C naming and small C expressions shared by the C emitters (library and header-only)."""
from .errors import SchemaError
from .model import Struct, Variant

C_KEYWORDS = frozenset("""
    auto break case char const continue default do double else enum extern float for goto if inline int
    long register restrict return short signed sizeof static struct switch typedef union unsigned void
    volatile while _Alignas _Alignof _Atomic _Bool _Complex _Generic _Imaginary _Noreturn _Static_assert
    _Thread_local bool true false NULL
""".split())

STATUSES = [
    ("truncated", "message shorter than its structure"),
    ("trailing", "bytes left after the structure"),
    ("msg-size", "msg_size disagrees with the message length"),
    ("undefined-bit", "undefined flag bit"),
    ("reserved", "reserved bytes are not zero"),
    ("enum", "value outside the enumeration"),
    ("value", "value out of range"),
    ("group", "not exactly one flag of a one-of group"),
    ("count", "count or size announces more data than present"),
    ("overflow", "count or offset arithmetic overflows"),
    ("chain-loop", "capability chain loops"),
    ("chain-backwards", "capability chain goes backwards"),
    ("chain-overlap", "capability overlaps what comes before it"),
    ("chain-bounds", "capability does not fit in the payload"),
    ("fds", "wrong number of file descriptors"),
    ("argsz", "argsz breaks the rule of its message"),
    ("profile", "not part of the chosen profile"),
    ("no-space", "output buffer too small"),
    ("invalid", "invalid argument"),
]


class CNames:
    """Names and expressions for one rendering: codec prefix P, runtime prefix R, optional fixed profile."""

    def __init__(self, proto, prefix, runtime, fixed_profile=None):
        self.proto = proto
        self.P = prefix
        self.PU = prefix.upper()
        self.R = runtime
        self.RU = runtime.upper()
        self.fixed = fixed_profile

    # ---- profiles ---------------------------------------------------------------------------
    def avail(self, mask, var="cfg->profile"):
        """C condition: is an item with this profile mask part of the profile in `var`?"""
        if mask == self.proto.all_mask:
            return "1"
        if self.fixed is not None:
            return "1" if mask >> self.fixed.index & 1 else "0"
        return f"(({mask:#x}u >> {var}) & 1u)"

    # ---- integers ---------------------------------------------------------------------------
    def load(self, fld, base):
        t = fld.inttype
        at = f"{base} + {fld.offset}"
        if t.bits == 8:
            raw = f"{base}[{fld.offset}]"
        elif t.order == "le":
            raw = f"{self.R}_ld_le{t.bits}({at}, cfg->order)"
        else:
            raw = f"{self.R}_ld_be{t.bits}({at})"
        return f"{self.R}_to_s{t.bits}({raw})" if t.signed else raw

    def store(self, fld, base, value):
        t = fld.inttype
        unsigned = f"(uint{t.bits}_t)({value})"
        if t.bits == 8:
            return f"{base}[{fld.offset}] = {unsigned};"
        if t.order == "le":
            return f"{self.R}_st_le{t.bits}({base} + {fld.offset}, {unsigned}, cfg->order);"
        return f"{self.R}_st_be{t.bits}({base} + {fld.offset}, {unsigned});"

    @staticmethod
    def ctype(fld):
        return fld.inttype.ctype

    # ---- names ------------------------------------------------------------------------------
    def s(self, item):
        """C name of a struct, variant or chain: iow_vfu_dma_map."""
        return f"{self.P}_{item.name}"

    def const(self, *parts):
        return "_".join([self.PU] + [str(p).upper() for p in parts])

    def case_const(self, var, case):
        """Discriminant constant of a variant case; the body is added where a name repeats."""
        same = [c for c in var.cases if c.name == case.name]
        if len(same) > 1 and any(c.body is not case.body for c in same):
            return self.const(var.name, case.name, case.body.name)
        return self.const(var.name, case.name)

    def case_index(self, var, case):
        consts = []
        for other in var.cases:
            name = self.case_const(var, other)
            if name not in consts:
                consts.append(name)
        return consts.index(self.case_const(var, case))

    def case_consts(self, var):
        seen = []
        for case in var.cases:
            name = self.case_const(var, case)
            if name not in [n for n, _ in seen]:
                seen.append((name, case))
        return seen

    @staticmethod
    def path_c(path, base="out"):
        return f"{base}->" + ".".join(f.name for f in path)

    @staticmethod
    def path_s(path):
        return ".".join(f.name for f in path)

    @staticmethod
    def path_offset(path):
        return sum(f.offset for f in path)

    def bit_get(self, path, bit, base="out"):
        return f"(({self.path_c(path, base)} & {bit.mask:#x}u) >> {bit.shift})"

    def when(self, fld, base="out"):
        path, bit = fld.when
        return f"({self.path_c(path, base)} & {bit.mask:#x}u)"


def check_identifiers(proto):
    """Names that become C identifiers on their own (struct members, union members) must not be
    C keywords; prefixed names (types, constants, functions) cannot clash with the language."""
    for struct in proto.structs.values():
        for fld in struct.fields:
            if fld.name in C_KEYWORDS:
                raise SchemaError(fld.where.path, fld.where.line,
                                  f"field name '{fld.name}' of struct {struct.name} is a C keyword")
    for chain in proto.chains.values():
        for case in chain.cases:
            if case.name in C_KEYWORDS:
                raise SchemaError(proto.path, 0, f"chain {chain.name}: case name '{case.name}' is a C keyword")


def ordered_types(proto):
    """Structs and variants in an order where every by-value member is declared first."""
    done, out = set(), []

    def visit(item):
        if item.name in done:
            return
        done.add(item.name)
        if isinstance(item, Struct):
            for fld in item.fields:
                for dep in (fld.struct, fld.variant, fld.of, fld.of_variant):
                    if dep is not None:
                        visit(dep)
                if fld.chain is not None:
                    visit(fld.chain.header)
                    for case in fld.chain.cases:
                        visit(case.body)
        else:
            for body in item.bodies():
                visit(body)
        out.append(item)

    for struct in proto.structs.values():
        visit(struct)
    for var in proto.variants.values():
        visit(var)
    return out


def chains_used(proto):
    """(struct, field) pairs that hold a capability chain."""
    return [(s, f) for s in proto.structs.values() for f in s.fields if f.kind == "chain"]


def payload_types(proto):
    """Every distinct payload type of the commands, in declaration order."""
    out = []
    for cmd in proto.commands:
        for use in (cmd.request, cmd.reply):
            if use.payload not in out:
                out.append(use.payload)
    return out


def is_variant(item):
    return isinstance(item, Variant)


def public_types(proto):
    """The types with a public codec, in the order of the type registry (`*_type_at`): every
    structure, and the variants chosen by length. The fuzzers' `types` target indexes them."""
    return [t for t in ordered_types(proto) if not is_variant(t) or t.by_length]


def codec_context(proto, names, api, internal):
    """What codec.h.j2 and codec.c.j2 render with; api/internal are storage classes."""
    check_identifiers(proto)
    types = ordered_types(proto)
    return {
        "proto": proto, "n": names, "types": types,
        "public_types": public_types(proto),
        "chains": chains_used(proto), "statuses": STATUSES,
        "payloads": payload_types(proto), "fd_index_fields": fd_index_fields,
        "elements": [f.of for s in proto.structs.values() for f in s.fields if f.of is not None],
        "API": api, "INT": internal,
    }


def fd_index_fields(struct):
    """Where the fd-index fields of a payload are: [(array field or None, [(case or None, field)])]."""
    out = []
    direct = [(None, f) for f in struct.fields if f.fd_index]
    if direct:
        out.append((None, direct))
    for fld in struct.fields:
        if fld.of is not None:
            inner = [(None, f) for f in fld.of.fields if f.fd_index]
        elif fld.of_variant is not None:
            inner = [(case, f) for case in fld.of_variant.cases for f in case.body.fields if f.fd_index]
        else:
            continue
        if inner:
            out.append((fld, inner))
    return out
