"""Emitter: the byte-layout tables of the specification (reStructuredText), one file per protocol.

Every table in spec/ comes from here; none is typed by hand.  The file is a complete reference
page (profiles, constants, commands or messages, structures, chains, variants, flags, enums,
capabilities), with a stable label before every item (``.. _vfu-struct-dma_map:``).  The body of
each item sits between two comment lines,

    .. iowire-fragment-begin: vfu-struct-dma_map | struct ``dma_map``
    .. iowire-fragment-end: vfu-struct-dma_map

so that spec/_ext/iowire_req.py (directive ``wire-table``) can pull a single table into a prose
chapter, under a heading made of the title after the ``|`` and linked to the label.
Fragments hold no section titles and no labels, so they can be placed anywhere.  A comment
line ``.. iowire-prose-required: ...`` lists the tables a chapter must show: every command and
every message layout.
"""
import re

from . import render
from .model import Struct, Variant

ORDER_TEXT = {"le": "LE", "be": "BE"}
ARGSZ_TEXT = {
    "request-size": "argsz is the size of this payload, data included",
    "max-reply": "argsz is the largest reply payload the sender accepts; at least the fixed reply size",
    "needed": "argsz is the size of the complete reply payload; a payload shorter than argsz is truncated",
    "covers": "argsz is at least the size of the reply payload; a reply that repeats the request repeats its argsz",
}
DIRECTION_TEXT = {
    "client-to-server": "client → server",
    "server-to-client": "server → client",
    "kvm-to-device": "KVM side → device side",
    "device-to-kvm": "device side → KVM side",
    "ioctl": "ioctl argument (VMM → KVM)",
}
FRAGMENT_BEGIN = ".. iowire-fragment-begin: "
FRAGMENT_END = ".. iowire-fragment-end: "
PROSE_REQUIRED = ".. iowire-prose-required: "

_SPECIAL = re.compile(r"([\\*`|])")
_TRAILING_UNDERSCORE = re.compile(r"_(?=$|[\s.,;:!?)\]}'\"])")


def file_stem(proto):
    return proto.name.replace("-", "_")


def output_name(proto):
    """Name of the generated file for `proto` (e.g. vfio-user-tables.rst)."""
    return f"{proto.name}-tables.rst"


def text(value):
    """Plain schema prose as reStructuredText: one line, markup characters escaped."""
    if not value:
        return ""
    value = " ".join(str(value).split())
    value = _SPECIAL.sub(r"\\\1", value)
    return _TRAILING_UNDERSCORE.sub(r"\\_", value)


def lit(value):
    return f"``{value}``"


class Tables:
    """Builds the cell texts for one protocol; the template lays them out."""

    def __init__(self, proto):
        self.proto = proto
        self.p = proto.prefix
        self.children = {}
        for prof in proto.profiles:
            if prof.parent is not None:
                self.children.setdefault(prof.parent.name, []).append(prof)

    # ---- labels and links ---------------------------------------------------------------
    def label(self, kind, name):
        return f"{self.p}-{kind}-{name.lower()}"

    def ref(self, kind, name):
        return f":ref:`{name} <{self.label(kind, name)}>`"

    def payload_ref(self, payload):
        if isinstance(payload, Variant):
            return "variant " + self.ref("variant", payload.name)
        if payload.size == 0 and not payload.fields:
            return "none (no payload)"
        return self.ref("struct", payload.name)

    def upstream(self, spec):
        if not spec or not self.proto.spec_base:
            return ""
        return f"`{spec.lstrip('#')} <{self.proto.spec_base}{spec}>`__"

    # ---- profiles -----------------------------------------------------------------------
    def descendants(self, prof):
        mask, todo = 0, [prof]
        while todo:
            cur = todo.pop()
            mask |= 1 << cur.index
            todo.extend(self.children.get(cur.name, []))
        return mask

    def profiles(self, mask, within=None):
        """Profiles of `mask` in words; '—' when it is the same as the container's (`within`)."""
        if within is not None and mask == within:
            return "—"
        if mask == self.proto.all_mask:
            return "all"
        for prof in self.proto.profiles:
            if prof.parent is not None and self.descendants(prof) == mask:
                return f"since {prof.name}"
        return "only " + ", ".join(self.proto.profile_names(mask))

    # ---- fields -------------------------------------------------------------------------
    @staticmethod
    def path(fields, tail=None):
        names = [f.name for f in fields] + ([tail] if tail else [])
        return lit(".".join(names))

    def int_type(self, itype):
        base = f"{'s' if itype.signed else 'u'}{itype.bits}"
        return base if itype.bits == 8 else f"{base} {ORDER_TEXT[itype.order]}"

    def field_type(self, fld):
        if fld.kind == "int":
            out = f"{self.int_type(fld.inttype)} ({lit(fld.inttype.name)})"
            if fld.flags is not None:
                out += "; flags " + self.ref("flags", fld.flags.name)
            if fld.enum is not None:
                out += "; enum " + self.ref("enum", fld.enum.name)
            return out
        if fld.kind == "bytes":
            if fld.size is not None:
                return f"bytes[{fld.size}]"
            if fld.length == "rest":
                return "bytes, to the end of the payload"
            return f"bytes[{'.'.join(f.name for f in fld.length)}]"
        if fld.kind == "struct":
            return "struct " + self.ref("struct", fld.struct.name)
        if fld.kind == "array":
            elem = (self.ref("struct", fld.of.name) if fld.of is not None
                    else "variant " + self.ref("variant", fld.of_variant.name))
            return f"array of {elem}, {self.path(fld.count)} elements"
        if fld.kind == "chain":
            return "chain " + self.ref("chain", fld.chain.name)
        if fld.kind == "variant":
            return "variant " + self.ref("variant", fld.variant.name)
        raise AssertionError(fld.kind)

    def field_size(self, fld):
        if fld.size is not None:
            return str(fld.size)
        if fld.kind == "bytes" and fld.length not in (None, "rest"):
            return self.path(fld.length)
        if fld.kind == "struct" and fld.struct is not None:
            return f"{fld.struct.size} + var."
        return "var."

    def field_meaning(self, fld):
        notes = [text(fld.doc)] if fld.doc else []
        if fld.when is not None:
            notes.append(f"Present only when {self.path(fld.when[0], fld.when[1].name)} is set.")
        if fld.kind == "bytes" and fld.length == "rest":
            notes.append("Runs to the end of the payload.")
        if fld.kind == "chain":
            notes.append(f"The first element is at the offset in {self.path(fld.first)} "
                         f"(0: no chain); see the chain for the links.")
        if fld.kind == "variant":
            notes.append(f"Chosen by {self.path(fld.on[0], fld.on[1].name)}.")
        if fld.string == "nul-terminated":
            notes.append("A UTF-8 string; its last byte is NUL.")
        if fld.reserved == "reject":
            notes.append("Reserved: sent as zero; a receiver rejects a non-zero value.")
        elif fld.reserved == "ignore":
            notes.append("Reserved: sent as zero; a receiver ignores its value.")
        if fld.min is not None or fld.max is not None:
            low = fld.min if fld.min is not None else 0
            high = fld.max if fld.max is not None else (1 << fld.inttype.bits) - 1
            notes.append(f"Valid range {low}–{high}.")
        if fld.significant is not None:
            sel = self.path(fld.significant[0], fld.significant[1].name)
            notes.append(f"Only the first 2\\ :sup:`n` bytes carry data, where n is {sel}; "
                         "the other bytes are zero.")
        if fld.fd_index:
            rule = "Index into the file descriptors of the message; must be below their number."
            if fld.fd_none is not None:
                rule += (f" {fld.fd_none:#x} means no descriptor "
                         f"({self.profiles(fld.fd_none_mask)}).")
            notes.append(rule)
        return " ".join(n for n in notes if n) or "—"

    def field_row(self, fld, struct):
        size = self.field_size(fld)
        return {
            "offset": str(fld.offset),
            "size": size,
            "type": self.field_type(fld),
            "name": lit(fld.name),
            "meaning": self.field_meaning(fld),
            "profiles": self.profiles(fld.avail, struct.mask),
        }

    # ---- items --------------------------------------------------------------------------
    def struct_item(self, struct):
        tail = struct.tail
        size = f"{struct.size} bytes" if tail is None else \
            f"{struct.size} bytes, then {lit(tail.name)} (variable size)"
        facts = [f"Size: {size}.", f"Profiles: {self.profiles(struct.mask)}."]
        link = self.upstream(struct.spec)
        if link:
            facts.append(f"Upstream: {link}.")
        return {
            "label": self.label("struct", struct.name),
            "title": f"struct {lit(struct.name)}",
            "doc": text(struct.doc),
            "facts": " ".join(facts),
            "rows": [self.field_row(f, struct) for f in struct.fields],
        }

    def bit_positions(self, mask):
        low = (mask & -mask).bit_length() - 1
        high = mask.bit_length() - 1
        return str(low) if low == high else f"{low}–{high}"

    def flags_item(self, flags):
        digits = max(1, flags.width // 4)
        rows = []
        for bit in flags.bits:
            meaning = [text(bit.doc)] if bit.doc else []
            if bit.enum is not None:
                meaning.append(f"A {bin(bit.mask).count('1')}-bit value: enum {self.ref('enum', bit.enum.name)}.")
            row = {
                "mask": f"``{bit.mask:#0{digits + 2}x}``",
                "bits": self.bit_positions(bit.mask),
                "name": lit(bit.name),
                "meaning": " ".join(meaning) or "—",
                "profiles": self.profiles(bit.avail, flags.mask),
            }
            if flags.has_be_masks:
                row["be_mask"] = f"``{bit.be_mask:#0{digits + 2}x}``"
            rows.append(row)
        defined = 0
        for bit in flags.bits:
            defined |= bit.mask
        undefined = ((1 << flags.width) - 1) & ~defined
        if flags.undefined == "reject":
            policy = ("a sender sets no bit outside those defined for its profile; "
                      "a receiver rejects a value with any such bit set")
        else:
            policy = ("a sender sets no bit outside those defined for its profile; "
                      "a receiver ignores such bits")
        facts = [f"Width: {flags.width} bits.", f"Profiles: {self.profiles(flags.mask)}.",
                 f"Undefined bits ({lit(flags.undefined)}): {policy}."]
        if undefined:
            facts.append(f"Bits undefined in every profile: ``{undefined:#0{digits + 2}x}``.")
        groups = [f"exactly one of {', '.join(lit(b.name) for b in members)} ({lit(name)})"
                  for name, members in flags.groups]
        if groups:
            facts.append("A valid value sets " + "; and ".join(groups) + ".")
        if flags.has_be_masks:
            facts.append("The second mask column gives the positions used under the host byte "
                         "order on a big-endian host.")
        link = self.upstream(flags.spec)
        if link:
            facts.append(f"Upstream: {link}.")
        return {
            "label": self.label("flags", flags.name),
            "title": f"flags {lit(flags.name)}",
            "doc": text(flags.doc),
            "facts": " ".join(facts),
            "be": flags.has_be_masks,
            "rows": rows,
        }

    def enum_item(self, enum):
        rows = []
        for val in enum.values:
            meaning = text(val.doc)
            if val.deprecated:
                meaning = (meaning + " " if meaning else "") + f"Deprecated: {text(val.deprecated)}"
            rows.append({
                "value": str(val.value),
                "hex": f"``{val.value:#x}``",
                "name": lit(val.name),
                "meaning": meaning or "—",
                "profiles": self.profiles(val.mask, enum.mask),
            })
        if enum.closed:
            kind = "Closed: a value not listed for the profile in use is invalid and a receiver rejects it."
        else:
            kind = ("Open: values not listed are valid and passed on as they are "
                    "(device-specific or later additions).")
        facts = [kind, f"Profiles: {self.profiles(enum.mask)}."]
        link = self.upstream(enum.spec)
        if link:
            facts.append(f"Upstream: {link}.")
        return {
            "label": self.label("enum", enum.name),
            "title": f"enum {lit(enum.name)}",
            "doc": text(enum.doc),
            "facts": " ".join(facts),
            "rows": rows,
        }

    def chain_item(self, chain):
        facts = (f"Every element starts with {self.ref('struct', chain.header.name)}: "
                 f"{lit(chain.id.name)} and {lit(chain.version.name)} choose the body, which follows "
                 f"the header; {lit(chain.next.name)} links to the next element (0 ends the chain). "
                 f"An element of an id and version not listed is skipped by its {lit(chain.next.name)} link.")
        rows = [{"id": str(c.id), "version": str(c.version), "name": lit(c.name),
                 "body": self.ref("struct", c.body.name)} for c in chain.cases]
        return {
            "label": self.label("chain", chain.name),
            "title": f"chain {lit(chain.name)}",
            "doc": text(chain.doc),
            "facts": facts,
            "rows": rows,
        }

    def variant_item(self, var):
        if var.by_length:
            how = "Chosen by the length of the payload: the selector column is a payload size in bytes."
        elif var.on_offset is not None:
            how = (f"Chosen by the {self.int_type(var.on_type)} ({lit(var.on_type.name)}) field at "
                   f"offset {var.on_offset} of each element.")
        else:
            how = f"Chosen by {lit('.'.join(var.on_path))} of the containing structure."
        facts = [how]
        if var.empty_allowed:
            facts.append("The body may be absent (no bytes) whatever the selector.")
        for mask, size in var.strides:
            facts.append(f"Element stride {size} bytes ({self.profiles(mask)}).")
        rows = [{"value": str(c.value), "name": lit(c.name), "body": self.payload_ref(c.body),
                 "size": str(c.body.size) + ("" if c.body.is_fixed else " + var."),
                 "profiles": self.profiles(c.mask)} for c in var.cases]
        return {
            "label": self.label("variant", var.name),
            "title": f"variant {lit(var.name)}",
            "doc": text(var.doc),
            "facts": " ".join(facts),
            "rows": rows,
        }

    # ---- commands and messages ----------------------------------------------------------
    def fds_text(self, use):
        if use.fds_max == 0:
            return "none"
        out = f"up to {use.fds_max}"
        if use.fds_when is not None:
            out += f", only with {self.path(use.fds_when[0], use.fds_when[1].name)}"
        if use.fds_count is not None:
            out += f"; either none or exactly {self.path(use.fds_count)}"
        return out

    def use_facts(self, use):
        facts = {"payload": self.payload_ref(use.payload), "fds": self.fds_text(use)}
        facts["argsz"] = ARGSZ_TEXT[use.argsz] if use.argsz else "—"
        facts["zero"] = ", ".join(lit(f.name) for f in use.zero) if use.zero else "—"
        facts["doc"] = text(use.doc) or "—"
        if isinstance(use.payload, Struct) and use.payload.size:
            size = f"{use.payload.size}" + ("" if use.payload.is_fixed else " + var.")
        elif isinstance(use.payload, Variant):
            size = "/".join(str(c.value) for c in use.payload.cases) if use.payload.by_length else "var."
        else:
            size = "0"
        facts["size"] = size
        return facts

    def command_item(self, cmd):
        link = self.upstream(cmd.spec)
        return {
            "label": self.label("cmd", cmd.name),
            "title": f"{cmd.value} {cmd.name}",
            "ftitle": f"command {cmd.name}",
            "name": cmd.name,
            "value": str(cmd.value),
            "direction": DIRECTION_TEXT[cmd.direction],
            "profiles": self.profiles(cmd.mask),
            "upstream": link or "—",
            "request": self.use_facts(cmd.request),
            "reply": self.use_facts(cmd.reply),
        }

    def message_item(self, msg):
        return {"name": lit(msg.name), "direction": DIRECTION_TEXT[msg.direction],
                "payload": self.ref("struct", msg.payload.name), "size": str(msg.payload.size),
                "profiles": self.profiles(msg.mask)}

    def caps_rows(self, members, prefix=""):
        rows = []
        for mem in members:
            name = prefix + mem.name
            if mem.type == "uint":
                low = mem.min if mem.min is not None else 0
                rng = f"{low}–{mem.max}" if mem.max is not None else f"≥ {low}"
            else:
                rng = "—"
            default = "—" if mem.default is None else (
                ("true" if mem.default else "false") if isinstance(mem.default, bool) else str(mem.default))
            rows.append({"name": lit(name), "type": mem.type, "default": default, "range": rng,
                         "meaning": text(mem.doc) or "—"})
            if mem.type == "object":
                rows.extend(self.caps_rows(mem.members, name + "."))
        return rows

    # ---- the whole file -----------------------------------------------------------------
    def context(self, source):
        proto = self.proto
        profiles = [{"name": lit(p.name), "id": lit(p.id), "extends": lit(p.parent.name) if p.parent else "—",
                     "default": "yes" if p is proto.default_profile else "",
                     "doc": text(p.doc) or "—"} for p in proto.profiles]
        constants = [{"name": lit(n), "value": str(v), "doc": text(d) or "—"} for n, v, d in proto.constants]
        return {
            "banner": render.banner(source, ("..", "")),
            "proto": proto,
            "P": self.p,
            "title": f"{proto.title} wire reference",
            "doc": text(proto.doc),
            "source": source,
            "profiles": profiles,
            "constants": constants,
            "commands": [self.command_item(c) for c in proto.commands],
            "messages": [self.message_item(m) for m in proto.messages],
            "structs": [self.struct_item(s) for s in proto.structs.values()],
            "chains": [self.chain_item(c) for c in proto.chains.values()],
            "variants": [self.variant_item(v) for v in proto.variants.values()],
            "flags": [self.flags_item(f) for f in proto.flags.values()],
            "enums": [self.enum_item(e) for e in proto.enums.values()],
            "caps": self.caps_rows(proto.capabilities),
            "required": PROSE_REQUIRED + " ".join(
                [self.label("cmd", c.name) for c in proto.commands]
                + [self.label("struct", m.payload.name) for m in proto.messages]),
            "BEGIN": FRAGMENT_BEGIN,
            "END": FRAGMENT_END,
        }


def render_tables(proto, source):
    """Text of the reference tables of `proto`; `source` is the schema path named in the banner."""
    env = render.environment()
    env.filters["underline"] = lambda title, char: char * len(title)
    text_out = env.get_template("spec_tables.rst.j2").render(Tables(proto).context(source))
    return re.sub(r"\n{3,}", "\n\n", text_out).rstrip("\n") + "\n"
