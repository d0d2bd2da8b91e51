"""A python3-construct description of every structure of a protocol, for the differential fuzzer.

This emitter is independent of the C templates and their naming: it reads the semantic model
and writes a Python module with

* one construct `Struct` per structure and byte order (`<protocol>.<name>.le` and `.host`), laying
  out the fixed part (every member at a fixed offset, gaps as `Padding`); the host variant reads
  le* integers in the machine's native order, as the host byte-order profile does;
* `MODEL`, plain data with what decoding needs beyond layout: profiles, each field's rules
  (reserved policy, enum values and their profiles, flag bits, groups, ranges, fd indexes,
  counts, lengths, `when` members, strings, significant bytes), the tail members (arrays,
  chains, variants), the chains and variants, and the commands with their argsz, zero and fd
  rules; and `types`, the public types in the order of the C type registry, which is how the
  `types` fuzz target names them (the one thing taken from the C side, c_names.public_types).

fuzz/differential/pydecode.py decodes bytes with it and prints the field dump of the C codec's
dump API; fuzz/differential/run.py compares the two decoders on the same inputs.
"""
from . import c_names
from .model import Struct

_CONSTRUCT_INT = {
    # name: (le construct, host construct)
    "u8": ("Int8ul", "Int8un"), "s8": ("Int8sl", "Int8sn"),
    "le16": ("Int16ul", "Int16un"), "le32": ("Int32ul", "Int32un"), "le64": ("Int64ul", "Int64un"),
    "sle16": ("Int16sl", "Int16sn"), "sle32": ("Int32sl", "Int32sn"), "sle64": ("Int64sl", "Int64sn"),
    "be16": ("Int16ub", "Int16ub"), "be32": ("Int32ub", "Int32ub"), "be64": ("Int64ub", "Int64ub"),
    "sbe16": ("Int16sb", "Int16sb"), "sbe32": ("Int32sb", "Int32sb"), "sbe64": ("Int64sb", "Int64sb"),
}


def _names(path):
    return [f.name for f in path] if path else None


def _flag_ref(ref):
    """(path of fields, FlagBit) -> [path names, bit name]."""
    if ref is None:
        return None
    path, bit = ref
    return [_names(path), bit.name]


def _enum(enum):
    if enum is None:
        return None
    return {"name": enum.name, "closed": enum.closed, "values": [[v.value, v.mask, v.name] for v in enum.values]}


def _flags(flags):
    if flags is None:
        return None
    return {
        "name": flags.name, "width": flags.width, "undefined": flags.undefined, "mask": flags.mask,
        "bits": [{"name": b.name, "mask": b.mask, "be_mask": b.be_mask, "avail": b.avail,
                  "single": b.single, "enum": _enum(b.enum)} for b in flags.bits],
        "groups": [[name, [b.name for b in members]] for name, members in flags.groups],
    }


def _field(fld):
    return {
        "name": fld.name, "kind": fld.kind, "offset": fld.offset, "size": fld.size,
        "avail": fld.avail, "tail": fld.is_tail,
        "int": fld.inttype.name if fld.inttype is not None else None,
        "signed": fld.inttype.signed if fld.inttype is not None else None,
        "struct": fld.struct.name if fld.struct is not None else None,
        "enum": _enum(fld.enum), "flags": _flags(fld.flags),
        "reserved": fld.reserved, "min": fld.min, "max": fld.max,
        "length": fld.length if fld.length == "rest" else _names(fld.length),
        "count": _names(fld.count),
        "of": fld.of.name if fld.of is not None else None,
        "of_variant": fld.of_variant.name if fld.of_variant is not None else None,
        "chain": fld.chain.name if fld.chain is not None else None,
        "first": _names(fld.first),
        "variant": fld.variant.name if fld.variant is not None else None,
        "on": _flag_ref(fld.on), "when": _flag_ref(fld.when), "string": fld.string,
        "significant": _flag_ref(fld.significant),
        "fd_index": fld.fd_index, "fd_none": fld.fd_none, "fd_none_mask": fld.fd_none_mask,
    }


def _use(use):
    if use is None:
        return None
    payload = use.payload
    return {
        "payload": payload.name, "payload_kind": "struct" if isinstance(payload, Struct) else "variant",
        "argsz": use.argsz, "argsz_path": _names(use.argsz_path), "zero": [f.name for f in use.zero],
        "fds_max": use.fds_max, "fds_when": _flag_ref(use.fds_when), "fds_count": _names(use.fds_count),
    }


def _variant(var):
    return {
        "name": var.name, "on_path": var.on_path, "on_bit": var.on_bit.name if var.on_bit else None,
        "on_offset": var.on_offset, "on_type": var.on_type.name if var.on_type else None,
        "by_length": var.by_length, "empty_allowed": var.empty_allowed,
        "strides": [[mask, size] for mask, size in var.strides],
        "cases": [{"value": c.value, "name": c.name, "body": c.body.name, "mask": c.mask} for c in var.cases],
    }


def _chain(chain):
    return {
        "name": chain.name, "header": chain.header.name, "id": chain.id.name,
        "version": chain.version.name, "next": chain.next.name,
        "cases": [{"id": c.id, "version": c.version, "name": c.name, "body": c.body.name} for c in chain.cases],
    }


def _fixed_layout(struct, order):
    """The construct expression of a structure's fixed part in one byte order."""
    parts, at = [], 0
    for fld in struct.fixed_fields:
        if fld.offset > at:
            parts.append(f"Padding({fld.offset - at})")
        if fld.kind == "int":
            parts.append(f'"{fld.name}" / {_CONSTRUCT_INT[fld.inttype.name][0 if order == "le" else 1]}')
        elif fld.kind == "bytes":
            parts.append(f'"{fld.name}" / Bytes({fld.size})')
        elif fld.kind == "struct":
            parts.append(f'"{fld.name}" / _S[{fld.struct.name!r}][{order!r}]')
        at = fld.offset + fld.size
    if struct.size > at:
        parts.append(f"Padding({struct.size - at})")
    return "Struct(" + "".join(f"\n        {p}," for p in parts) + ("\n    )" if parts else ")")


def _ordered_structs(proto):
    """Structures with every nested fixed structure before its user."""
    done, out = set(), []

    def visit(s):
        if s.name in done:
            return
        done.add(s.name)
        for fld in s.fixed_fields:
            if fld.kind == "struct":
                visit(fld.struct)
        out.append(s)
    for s in proto.structs.values():
        visit(s)
    return out


def render_construct(protos, sources):
    """Python source of the construct description of the protocols. sources: display paths."""
    lines = [
        '"""Generated by iowire-gen construct from ' + ", ".join(sources) + '. Do not edit.',
        "",
        "A python3-construct description of every structure (fixed parts, per byte order) and the",
        "rules of the model as data (MODEL). See gen/iowire_gen/emit_construct.py.",
        '"""',
        "from construct import (Bytes, Padding, Struct, Int8ul, Int8un, Int8sl, Int8sn, Int16ul, Int16un,",
        "                       Int16sl, Int16sn, Int32ul, Int32un, Int32sl, Int32sn, Int64ul, Int64un,",
        "                       Int64sl, Int64sn, Int16ub, Int32ub, Int64ub, Int16sb, Int32sb, Int64sb)",
        "",
        "LAYOUT = {}",
        "",
    ]
    model = {}
    for proto in protos:
        lines.append(f"# ---- {proto.name} " + "-" * max(0, 90 - len(proto.name)))
        lines.append("_S = LAYOUT[%r] = {}" % proto.name)
        for s in _ordered_structs(proto):
            lines.append(f"_S[{s.name!r}] = {{")
            for order in ("le", "host"):
                lines.append(f"    {order!r}: " + _fixed_layout(s, order) + ",")
            lines.append("}")
        lines.append("")
        header = proto.structs.get("header")
        model[proto.name] = {
            "profiles": [p.name for p in proto.profiles],
            "default_profile": proto.default_profile.name,
            "structs": {s.name: {"name": s.name, "size": s.size, "mask": s.mask,
                                 "fields": [_field(f) for f in s.fields]} for s in proto.structs.values()},
            "variants": {v.name: _variant(v) for v in proto.variants.values()},
            "chains": {c.name: _chain(c) for c in proto.chains.values()},
            "commands": [{"name": c.name, "value": c.value, "direction": c.direction, "mask": c.mask,
                          "request": _use(c.request), "reply": _use(c.reply)} for c in proto.commands],
            "messages": [{"name": m.name, "payload": m.payload.name, "direction": m.direction, "mask": m.mask}
                         for m in proto.messages],
            "header_size": header.size if header is not None and proto.commands else None,
            "types": [t.name for t in c_names.public_types(proto)],  # the C type registry's order
        }
    lines.append("MODEL = " + _pyrepr(model, 0))
    lines.append("")
    return "\n".join(lines)


def _pyrepr(value, indent):
    """repr() with one dict entry per line at the outer levels, so the file reads and diffs well."""
    pad = "    " * (indent + 1)
    if isinstance(value, dict) and indent < 3 and value:
        items = [f"{pad}{k!r}: {_pyrepr(v, indent + 1)}," for k, v in value.items()]
        return "{\n" + "\n".join(items) + "\n" + "    " * indent + "}"
    if isinstance(value, list) and indent < 3 and value and isinstance(value[0], dict):
        items = [f"{pad}{_pyrepr(v, indent + 1)}," for v in value]
        return "[\n" + "\n".join(items) + "\n" + "    " * indent + "]"
    return repr(value)


def file_name():
    return "iowire_construct.py"


