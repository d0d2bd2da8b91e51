"""Emitter: a Protocol Buffers (proto2) mirror of a protocol's structures, for benchmarks.

bench/ compares libiowire's codecs with protobuf-c and nanopb on the same messages. For that it
needs a .proto with the same information as the schema, generated from it so that the two never
drift apart:

* one message per struct, one field per schema field, in schema order, numbered from 1;
* integers as fixed32/fixed64 (sfixed* when signed), u8 and 16-bit fields as fixed32;
* byte fields (fixed size or counted) as `bytes`; nested structs as sub-messages;
* arrays as `repeated` (element variants through a message holding a `oneof`);
* capability chains as `repeated <Chain>`, a message with the capability header and a `oneof`
  of the bodies; a variant field of a struct as an inline `oneof`; a payload chosen by length as
  a message holding a `oneof`;
* fields that are always on the wire as `required`, conditional (`when`) ones as `optional`;
* for every vfio-user command an envelope per direction, `Msg<Command>` / `Msg<Command>Reply`:
  the header and the payload, which is what one message on the socket holds.

Why fixed-width integers and proto2 `required`: they make the comparison fair to protobuf. The
wire formats carry every field at a fixed width, whatever its value; fixed32/fixed64 do the same
(a 4- or 8-byte copy, the cheapest thing protobuf decodes, with no varint loop), so encoded sizes
and costs do not depend on the values chosen for the benchmark (addresses, offsets and user_data
would be 5-10 byte varints). proto3 would skip zero fields when encoding, which makes the cost
depend on the values as well and drops fields the schema always sends; proto2 `required` encodes
every field and makes the decoder check that each one arrived, the nearest protobuf comes to
the presence checks a fixed layout implies. Enums and flags stay plain integers: protobuf does
not check their values, and libiowire's codec still has to.

Next to the .proto, a nanopb `.options` file: fixed-size byte fields as fixed-length arrays of
their size; counted bytes and repeated fields get the caller's bounds (nanopb allocates nothing,
so every variable field needs one).
"""
from dataclasses import dataclass, field as dc_field

from . import render
from .errors import SchemaError

# Words that cannot name a field in a generated C struct (protobuf-c and nanopb keep field names).
C_KEYWORDS = frozenset("""
    auto break case char const continue default do double else enum extern float for goto if
    inline int long register restrict return short signed sizeof static struct switch typedef
    union unsigned void volatile while bool true false
""".split())

DEFAULT_MAX_BYTES = 4096
DEFAULT_MAX_COUNT = 16
# nanopb bound of a capability the schema does not know (kept small: nanopb's arrays of chains
# hold one per element, and its default field layout caps a message at 64 KiB).
UNKNOWN_CAP_BYTES = 256


@dataclass
class ProtoField:
    label: str   # required, optional, repeated; "" inside a oneof
    type: str
    name: str
    number: int
    note: str = ""


@dataclass
class ProtoOneof:
    name: str
    fields: list = dc_field(default_factory=list)


@dataclass
class ProtoMessage:
    name: str
    doc: str
    items: list = dc_field(default_factory=list)  # ProtoField or ProtoOneof, in order
    options: list = dc_field(default_factory=list)  # (field name, nanopb options)


def camel(name):
    """dma_map -> DmaMap, REGION_WRITE -> RegionWrite, cap_sparse_mmap -> CapSparseMmap."""
    return "".join(part[:1].upper() + part[1:].lower() for part in name.replace("-", "_").split("_") if part)


def field_name(name):
    return f"{name}_" if name in C_KEYWORDS else name


def package_of(proto):
    return f"iowire.{proto.prefix}"


def int_type(inttype):
    wide = inttype.bits > 32
    if inttype.signed:
        return "sfixed64" if wide else "sfixed32"
    return "fixed64" if wide else "fixed32"


class _Mirror:
    def __init__(self, proto, max_bytes, max_count):
        self.proto = proto
        self.max_bytes = max_bytes
        self.max_count = max_count
        self.messages = {}   # proto message name -> ProtoMessage, in order of creation
        self.owner = {}      # proto message name -> what it mirrors, to report clashes

    def claim(self, name, what):
        if name in self.owner and self.owner[name] != what:
            raise SchemaError(self.proto.path, 0, f"proto mirror: {what} and {self.owner[name]} "
                                                 f"both become message {name}")
        self.owner[name] = what

    def add(self, msg, what):
        self.claim(msg.name, what)
        self.messages[msg.name] = msg
        return msg.name

    def struct_message(self, struct):
        return camel(struct.name)

    def variant_message(self, var):
        name = camel(var.name)
        if name not in self.messages:
            msg = ProtoMessage(name, f"variant {var.name}: {var.doc}".strip().rstrip(":"))
            self.messages[name] = msg  # placeholder first: bodies may refer back
            self.claim(name, f"variant {var.name}")
            oneof = ProtoOneof("kase", self.variant_cases(var, 1))
            msg.items.append(oneof)
        return name

    def chain_message(self, chain):
        name = camel(chain.name)
        if name not in self.messages:
            msg = ProtoMessage(name, f"one capability of chain {chain.name}: its header and its body")
            self.messages[name] = msg
            self.claim(name, f"chain {chain.name}")
            msg.items.append(ProtoField("required", camel(chain.header.name), "header", 1))
            oneof = ProtoOneof("body")
            seen = set()
            for number, case in enumerate(chain.cases, start=2):
                case_name = field_name(case.name)
                if case_name in seen:
                    case_name = f"{case_name}_v{case.version}"
                seen.add(case_name)
                oneof.fields.append(ProtoField("", camel(case.body.name), case_name, number,
                                               f"id {case.id} version {case.version}"))
            oneof.fields.append(ProtoField("", "bytes", "unknown", len(chain.cases) + 2,
                                           "a capability the schema does not know: its bytes"))
            msg.items.append(oneof)
            msg.options.append(("unknown", f"max_size:{UNKNOWN_CAP_BYTES}"))
        return name

    def variant_cases(self, var, first_number):
        out, seen = [], {}
        for case in var.cases:
            name = field_name(case.name)
            if name in seen:
                if seen[name] is case.body:
                    continue  # same body in other profiles: one member serves both
                name = f"{name}_{case.body.name}"
            seen[name] = case.body
            out.append(ProtoField("", camel(case.body.name), name, first_number + len(out),
                                  f"{'length' if var.by_length else 'value'} {case.value}"))
        return out

    def bytes_options(self, fld):
        if fld.size is not None and fld.length is None and fld.when is None:
            return f"max_size:{fld.size} fixed_length:true"
        return f"max_size:{self.max_bytes}"

    def build_struct(self, struct):
        name = self.struct_message(struct)
        self.claim(name, f"struct {struct.name}")
        if name in self.messages:
            return name
        doc = f"struct {struct.name}, {struct.size} bytes" + ("" if struct.is_fixed else " and a tail")
        if struct.doc:
            doc += f": {struct.doc}"
        msg = ProtoMessage(name, doc)
        self.messages[name] = msg
        number = 1
        for fld in struct.fields:
            fname = field_name(fld.name)
            label = "optional" if fld.when is not None else "required"
            note = ""
            if fld.kind == "int":
                item = ProtoField(label, int_type(fld.inttype), fname, number, fld.inttype.name)
            elif fld.kind == "bytes":
                if fld.size is not None and fld.length is None:
                    note = f"{fld.size} bytes"
                elif fld.length == "rest":
                    note = "to the end"
                elif fld.length:
                    note = "length " + ".".join(f.name for f in fld.length)
                item = ProtoField(label, "bytes", fname, number, note)
                msg.options.append((fname, self.bytes_options(fld)))
            elif fld.kind == "struct":
                item = ProtoField(label, self.build_struct(fld.struct), fname, number)
            elif fld.kind == "array":
                elem = self.build_struct(fld.of) if fld.of is not None else self.variant_message(fld.of_variant)
                count = ".".join(f.name for f in fld.count) if fld.count else "length"
                item = ProtoField("repeated", elem, fname, number, f"count {count}")
                msg.options.append((fname, f"max_count:{self.max_count}"))
            elif fld.kind == "chain":
                item = ProtoField("repeated", self.chain_message(fld.chain), fname, number,
                                  f"chain from {'.'.join(f.name for f in fld.first)}")
                msg.options.append((fname, f"max_count:{self.max_count}"))
            elif fld.kind == "variant":
                cases = self.variant_cases(fld.variant, number)
                msg.items.append(ProtoOneof(fname, cases))
                number += len(cases)
                continue
            else:  # pragma: no cover - the model knows no other kinds
                raise SchemaError(self.proto.path, 0, f"proto mirror: field kind {fld.kind}")
            msg.items.append(item)
            number += 1
        return name

    def payload_message(self, payload):
        if hasattr(payload, "fields"):
            return self.build_struct(payload)
        return self.variant_message(payload)

    def build(self):
        for struct in self.proto.structs.values():
            self.build_struct(struct)
        for var in self.proto.variants.values():
            self.variant_message(var)
        for chain in self.proto.chains.values():
            self.chain_message(chain)
        header = self.proto.structs.get("header")
        for cmd in self.proto.commands:
            for kind, use in (("request", cmd.request), ("reply", cmd.reply)):
                name = f"Msg{camel(cmd.name)}{'Reply' if kind == 'reply' else ''}"
                msg = ProtoMessage(name, f"one {cmd.name} {kind} on the socket: header and payload")
                msg.items.append(ProtoField("required", self.struct_message(header), "header", 1))
                msg.items.append(ProtoField("required", self.payload_message(use.payload), "payload", 2))
                self.add(msg, f"command {cmd.name} {kind}")
        # Messages that nothing refers to in order are still emitted: sort for stable output,
        # structs in schema order first.
        return list(self.messages.values())


def build_messages(proto, max_bytes=DEFAULT_MAX_BYTES, max_count=DEFAULT_MAX_COUNT):
    return _Mirror(proto, max_bytes, max_count).build()


def render_proto(proto, source, max_bytes=DEFAULT_MAX_BYTES, max_count=DEFAULT_MAX_COUNT):
    """(the .proto text, the nanopb .options text) for proto."""
    messages = build_messages(proto, max_bytes, max_count)
    env = render.environment()
    context = dict(proto=proto, package=package_of(proto), messages=messages,
                   banner=render.banner(source, ("//", "")).rstrip(),
                   options_banner=render.banner(source, ("#", "")).rstrip())
    text = env.get_template("mirror.proto.j2").render(context)
    options = env.get_template("mirror.options.j2").render(context)
    return text, options


def file_stem(proto):
    return proto.name.replace("-", "_")
