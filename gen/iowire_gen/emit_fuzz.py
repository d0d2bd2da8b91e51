"""Emitter: what the fuzzers of fuzz/ start from, generated from the schema.

For every fuzz target: a seed corpus (one valid input per message or structure, variant case
and profile, built by instances.py, which does not share code with the C codecs), a dictionary
(command numbers, enum values, flag masks, structure and message sizes, constants, in the byte
order and width of the fields that carry them) and a `.options` file. Also `iowf_schema.h`,
the few schema facts the harnesses need (which fields are reserved, which fields are chains,
which way each message travels).

Input formats (fuzz/harnesses/ reads them the same way; fuzz/README.md documents them):
  vfu_server, vfu_client   [sel] [nfds] message      sel: profile index | 0x10 for host order
                                                     | 0x20 to set msg_size to the real length
  vfu_region_info          [sel] region_info payload
  vfu_io_fds               io_fds_reply payload       (every profile and order is tried)
  iorfd_device             command                    (every profile, order and layout)
  iorfd_kvm                response, or command field values (every profile and order)
  iorfd_kvm_ioregion       struct kvm_ioregion        (every profile and order)
  types                    [type] [sel] payload       type: index into the type registries,
                                                     vfio-user's then ioregionfd's (modulo
                                                     their total); sel: profile | 0x10
  vfu_caps_json            VERSION data               the capabilities JSON and its NUL
"""
import hashlib
import os

from . import c_names, instances, render
from .model import Struct

SEL_HOST_ORDER = 0x10
SEL_FIX_SIZE = 0x20  # vfio-user messages: the harness sets msg_size to the real length

# target -> (protocol(s), what it reads)
TARGETS = {
    "vfu_server": ("vfio-user", "server"),
    "vfu_client": ("vfio-user", "client"),
    "vfu_region_info": ("vfio-user", "region_info"),
    "vfu_io_fds": ("vfio-user", "io_fds_reply"),
    "iorfd_device": ("ioregionfd", "kvm-to-device"),
    "iorfd_kvm": ("ioregionfd", "device-to-kvm kvm-to-device"),
    "iorfd_kvm_ioregion": ("ioregionfd", "ioctl"),
    "types": ("vfio-user ioregionfd", "registry"),
    "vfu_caps_json": ("vfio-user", "capabilities"),
}


def _receives(role, command, reply):
    """Does this side of a vfio-user connection receive the request or reply of command?"""
    from_client = command.direction == "client-to-server"
    sent_by_client = from_client != reply
    return sent_by_client if role == "server" else not sent_by_client


def _safe(text):
    keep = "".join(ch if ch.isalnum() or ch in "._-+" else "_" for ch in text)
    return keep.strip("_") or "x"


def seeds(proto, target):
    """[(file name, bytes)] of the seed corpus of target (of a one-protocol target)."""
    _, what = TARGETS[target]
    out = []
    if target in ("vfu_server", "vfu_client"):
        for prof in proto.profiles:
            for cmd in proto.commands:
                for reply in (False, True):
                    if not _receives(what, cmd, reply):
                        continue
                    for inst in instances.message_instances(proto, cmd, reply, prof):
                        data = bytes([prof.index | SEL_FIX_SIZE, inst.nfds]) + inst.data
                        out.append((_name(prof, inst), data))
    elif target == "vfu_region_info":
        for prof in proto.profiles:
            for inst in instances.struct_instances(proto, proto.structs[what], prof):
                out.append((_name(prof, inst), bytes([prof.index]) + inst.data))
    elif target == "vfu_caps_json":
        out = caps_seeds(proto)
    elif target == "vfu_io_fds":
        for prof in proto.profiles:
            for inst in instances.struct_instances(proto, proto.structs[what], prof):
                out.append((_name(prof, inst), inst.data))
    else:
        directions = what.split()
        for prof in proto.profiles:
            for msg in proto.messages:
                if msg.direction in directions and msg.mask >> prof.index & 1:
                    for inst in instances.struct_instances(proto, msg.payload, prof):
                        out.append((_name(prof, inst), inst.data))
    return _unique(out)


def _caps_values(member):
    """The values a capability seed gives a key: its default and its limits."""
    if member.type == "bool":
        return ["true", "false"]
    return sorted({str(v) for v in (member.default, member.min, member.max) if v is not None}, key=int)


def caps_seeds(proto):
    """The vfu_caps_json corpus: every key at its default in one object, no keys at all, and
    every key alone at each of its _caps_values (NUL-terminated, as in VERSION)."""
    out = [("all-defaults", instances.json_text(proto)), ("empty", b"{}\0"),
           ("no-capabilities", b'{"capabilities":{}}\0')]

    def walk(members, wrap, path):
        for m in members:
            if m.type == "object":
                walk(m.members, lambda body, m=m, wrap=wrap: wrap(f'{{"{m.name}":{body}}}'), path + [m.name])
                continue
            for value in _caps_values(m):
                text = wrap(f'{{"{m.name}":{value}}}')
                out.append(("-".join(path + [m.name, value]), ('{"capabilities":' + text + "}").encode() + b"\0"))
    walk(proto.capabilities, lambda body: body, [])
    return out


def registry(protos):
    """[(proto, type)]: what the `types` harness indexes, in the order of the C type registries."""
    types = [(proto, t) for proto in protos for t in c_names.public_types(proto)]
    if len(types) > 256:
        raise ValueError(f"{len(types)} public types: the `types` harness selects them with one byte")
    return types


def registry_seeds(protos):
    """The `types` corpus: every public type of protos, in every profile that has it."""
    out = []
    for index, (proto, item) in enumerate(registry(protos)):
        for prof in proto.profiles:
            for inst in instances.type_instances(proto, item, prof):
                out.append((_name(prof, inst), bytes([index, prof.index]) + inst.data))
    return _unique(out)


def _unique(entries):
    """entries without those whose bytes an earlier one has."""
    unique, seen = [], set()
    for name, data in entries:
        if data not in seen:
            seen.add(data)
            unique.append((name, data))
    return unique


def _name(prof, inst):
    label = f"-{inst.label}" if inst.label else ""
    digest = hashlib.sha1(inst.data).hexdigest()[:8]
    return _safe(f"{prof.name}-{inst.name}{label}")[:100] + f"-{digest}"


# ---- dictionaries ------------------------------------------------------------------------------
def _le(value, size):
    return (value & ((1 << 8 * size) - 1)).to_bytes(size, "little")


def dictionary(proto):
    """[(keyword name, bytes)] for one protocol: every number a fuzzer would have to guess."""
    entries = []

    def add(name, data):
        entries.append((_safe(name), data))

    for name, value, _ in proto.constants:
        add(f"const_{name}", _le(value, 4))
    header = proto.structs.get("header")
    cmd_field = header.field("command") if header is not None else None
    for cmd in proto.commands:
        add(f"command_{cmd.name}", _le(cmd.value, cmd_field.size if cmd_field else 2))
    # Enum values and flag masks, in the width of every field that carries them.
    for struct in proto.structs.values():
        for fld in struct.fields:
            if fld.kind != "int":
                continue
            size = fld.inttype.size
            if fld.enum is not None:
                for v in fld.enum.values:
                    add(f"{fld.enum.name}_{v.name}", _le(v.value, size))
            if fld.flags is not None:
                every = 0
                for bit in fld.flags.bits:
                    every |= bit.mask
                    add(f"{fld.flags.name}_{bit.name}", _le(bit.mask, size))
                    if bit.be_mask != bit.mask:
                        add(f"{fld.flags.name}_{bit.name}_host_be", _le(bit.be_mask, size))
                    if bit.enum is not None:
                        for v in bit.enum.values:
                            add(f"{fld.flags.name}_{bit.name}_{v.name}", _le(v.value << bit.shift, size))
                if every:
                    add(f"{fld.flags.name}_all", _le(every, size))
    for chain in proto.chains.values():
        for case in chain.cases:
            data = _le(case.id, chain.id.size) + _le(case.version, chain.version.size)
            add(f"{chain.name}_{case.name}", data)
    for var in proto.variants.values():
        if var.on_type is not None:
            for case in var.cases:
                add(f"{var.name}_{case.name}", _le(case.value, var.on_type.size))
            for _, size in var.strides:
                add(f"{var.name}_stride_{size}", _le(size, 4))
    for struct in proto.structs.values():
        add(f"sizeof_{struct.name}", _le(struct.size, 4))
    if proto.capabilities:
        add("json_capabilities", b'"capabilities"')
        for literal in ("true", "false", "null"):
            add(f"json_{literal}", literal.encode())

        def keys(members):
            for m in members:
                add(f"json_key_{m.name}", f'"{m.name}"'.encode())
                if m.type == "object":
                    keys(m.members)
        keys(proto.capabilities)
    if header is not None:
        for cmd in proto.commands:
            for use, tag in ((cmd.request, "request"), (cmd.reply, "reply")):
                body = use.payload.size if hasattr(use.payload, "size") else 0
                add(f"msg_size_{cmd.name}_{tag}", _le(header.size + body, 4))
    return _unique(entries)


def dictionary_text(protos, source):
    lines = [f"# Generated from {source} by iowire-gen. Do not edit.",
             "# libFuzzer / AFL++ dictionary: command numbers, enum values, flag masks, sizes."]
    for name, data in _unique([entry for proto in protos for entry in dictionary(proto)]):
        lines.append(f'{name}="' + "".join(f"\\x{b:02x}" for b in data) + '"')
    return "\n".join(lines) + "\n"


def options_text(target, max_len):
    return f"[libfuzzer]\nmax_len = {max_len}\ndict = {target}.dict\n"


def _max_len(corpus):
    longest = max((len(data) for _, data in corpus), default=32)
    size = 64
    while size < 4 * longest:
        size *= 2
    return size


# ---- the harnesses' schema facts ---------------------------------------------------------------
def ignored_bits(proto):
    """[(type, offset, size, [defined bits per profile])]: the flags words with policy `ignore`
    (undefined bits accepted on receipt, written as zero) at a fixed offset of a registry type."""
    out = []

    def walk(top, struct, base):
        for fld in struct.fixed_fields:
            if fld.kind == "struct":
                walk(top, fld.struct, base + fld.offset)
            elif fld.kind == "int" and fld.flags is not None and fld.flags.undefined == "ignore":
                if fld.flags.has_be_masks:
                    raise ValueError(f"{struct.name}.{fld.name}: the fuzz oracle cannot clear undefined bits "
                                     "of a flags word laid out by bit-field ABI")
                defined = [sum(b.mask for b in fld.flags.bits if b.avail >> p.index & 1) for p in proto.profiles]
                out.append((top.name, base + fld.offset, fld.size, defined))
    for item in c_names.public_types(proto):
        if isinstance(item, Struct):
            walk(item, item, 0)
    return out


def schema_header(protos, source):
    """iowf_schema.h: reserved fields (written as zero), chain fields, `ignore` flags words, and
    message directions."""
    nprofiles = max(len(p.profiles) for p in protos)
    lines = [render.banner(source), "#ifndef IOWF_SCHEMA_H", "#define IOWF_SCHEMA_H", "",
             "#include <stddef.h>", "",
             "#if defined(__GNUC__)", "#define IOWF_SCHEMA_UNUSED __attribute__((unused))", "#else",
             "#define IOWF_SCHEMA_UNUSED", "#endif", "",
             "/* A flags word of a registry type whose undefined bits are ignored on receipt and written as",
             " * zero (policy ignore): where it is (fixed offset, bytes) and the bits each profile defines. */",
             "struct iowf_ignored_bits {", "\tconst char *type;", "\tsize_t offset, size;",
             f"\tunsigned long long defined[{nprofiles}];", "};", ""]
    for proto in protos:
        pre = f"iowf_{proto.prefix}"
        reserved = sorted({f.name for s in proto.structs.values() for f in s.fields if f.reserved})
        lines.append(f"/* {proto.name}: names of reserved fields, always written as zero (policy reject or ignore). */")
        lines.append(f"static const char *const {pre}_reserved_fields[] IOWF_SCHEMA_UNUSED = {{ "
                     + "".join(f'"{n}", ' for n in reserved) + "NULL };")
        chains = sorted({f.name for s in proto.structs.values() for f in s.fields if f.kind == "chain"})
        lines.append(f"/* {proto.name}: chain fields (the encoder lays their items out back to back). */")
        lines.append(f"static const char *const {pre}_chain_fields[] IOWF_SCHEMA_UNUSED = {{ "
                     + "".join(f'"{n}", ' for n in chains) + "NULL };")
        lines.append(f"/* {proto.name}: flags words with undefined bits ignored on receipt, written as zero. */")
        lines.append(f"static const struct iowf_ignored_bits {pre}_ignored_bits[] IOWF_SCHEMA_UNUSED = {{ "
                     + "".join(f'{{ "{t}", {off}, {size}, {{ ' + ", ".join(f"{m:#x}u" for m in defined) + " } }, "
                               for t, off, size, defined in ignored_bits(proto))
                     + "{ NULL, 0, 0, { 0 } } };")
        if proto.commands:
            s2c = [c.value for c in proto.commands if c.direction == "server-to-client"]
            lines.append(f"/* {proto.name}: commands the server sends (the client sends every other one). */")
            lines.append(f"static const unsigned {pre}_server_to_client[] IOWF_SCHEMA_UNUSED = {{ "
                         + ", ".join(str(v) for v in s2c) + " };")
            lines.append(f"#define {pre.upper()}_SERVER_TO_CLIENT_COUNT {len(s2c)}")
        directions = sorted({m.direction for m in proto.messages})
        for direction in directions:
            names = [m.name for m in proto.messages if m.direction == direction]
            cname = direction.replace("-", "_")
            lines.append(f"/* {proto.name}: messages that travel {direction}, by type name. */")
            lines.append(f"static const char *const {pre}_{cname}[] IOWF_SCHEMA_UNUSED = {{ "
                         + "".join(f'"{n}", ' for n in names) + "NULL };")
        lines.append("")
    lines += ["#endif /* IOWF_SCHEMA_H */", ""]
    return "\n".join(lines)


def write_all(protos, out_dir, source_of):
    """Write corpus/<target>/, <target>.dict, <target>.options and iowf_schema.h under out_dir.

    Returns the number of files changed. Seeds no longer generated are removed."""
    written = 0
    by_name = {p.name: p for p in protos}
    for target, (protocol, _) in TARGETS.items():
        tprotos = [by_name.get(name) for name in protocol.split()]
        if None in tprotos:
            continue
        corpus = registry_seeds(tprotos) if target == "types" else seeds(tprotos[0], target)
        cdir = os.path.join(out_dir, "corpus", target)
        os.makedirs(cdir, exist_ok=True)
        wanted = set()
        for name, data in corpus:
            wanted.add(name)
            path = os.path.join(cdir, name)
            try:
                with open(path, "rb") as handle:
                    if handle.read() == data:
                        continue
            except OSError:
                pass
            with open(path, "wb") as handle:
                handle.write(data)
            written += 1
        for stale in set(os.listdir(cdir)) - wanted:
            os.remove(os.path.join(cdir, stale))
            written += 1
        written += render.write_if_changed(os.path.join(out_dir, f"{target}.dict"),
                                           dictionary_text(tprotos, ", ".join(source_of(p) for p in tprotos)))
        written += render.write_if_changed(os.path.join(out_dir, f"{target}.options"),
                                           options_text(target, _max_len(corpus)))
    sources = ", ".join(source_of(p) for p in protos)
    written += render.write_if_changed(os.path.join(out_dir, "iowf_schema.h"), schema_header(protos, sources))
    return written
