"""Valid instances of every structure and message, built in Python from the semantic model.

This is an encoder of its own, independent of the generated C: it reads the model (layout,
enums, flags, groups, counts, chains, variants, argsz and fd rules) and lays out bytes. The
fuzzing seeds come from here, and because the seeds are replayed through the C decoders, a
disagreement between the two is a test failure. A later differential fuzzer can reuse it.

Every choice the model leaves open (a variant case, a one-of group member, a `when` member
present or not, a free flag bit, a value of a closed enum, a chain case) is a *choice point*.
`explore` covers every alternative of every choice point at least once (one at a time,
reaching choice points nested under other choices), so the instances of a structure show every
case of it. Values are small and distinct: each integer gets its own byte pattern, arrays have
one element, chains one capability (or all of them), reserved fields are zero.
"""
from dataclasses import dataclass, field as dc_field

from .model import Struct, Variant

_INT_FMT = {"le": "little", "be": "big"}


@dataclass
class Instance:
    """One valid encoding: `data` under `profile`, with the choices that made it."""
    name: str            # what it is: "DMA_MAP", "DMA_MAP reply", a struct name
    profile: object      # model.Profile
    data: bytes
    label: str           # the non-default choices, for file names ("" for the default)
    nfds: int = 0        # descriptors that travel with a vfio-user message
    reply: bool = False
    command: object = None  # model.Command of a message
    points: dict = dc_field(default_factory=dict)


class _Stop(Exception):
    """The choices asked for cannot be honoured in this profile (e.g. a bit it lacks)."""


def _put(node, path, value):
    """Set node[path] where path is a list of model Fields through nested structs."""
    for fld in path[:-1]:
        node = node[fld.name]
    node[path[-1].name] = value


def _get(node, path):
    for fld in path:
        node = node[fld.name]
    return node


class _Build:
    """One instance: the choices to take, and the choice points met on the way."""

    def __init__(self, proto, profile, choices):
        self.proto = proto
        self.profile = profile
        self.bit = 1 << profile.index
        self.choices = choices
        self.points = {}     # key -> labels of the alternatives
        self.counter = 0
        self.fd_fields = 0   # fd_index fields that name fd 0
        self.zero = ()       # fields a request must leave zero (no chain behind a zero offset)

    # ---- choices --------------------------------------------------------------------------
    def choose(self, key, alternatives):
        """alternatives: list of (label, value); the first is the default."""
        if not alternatives:
            raise _Stop(key)
        if len(alternatives) > 1:
            self.points[key] = [label for label, _ in alternatives]
        index = self.choices.get(key, 0)
        if index >= len(alternatives):
            raise _Stop(key)
        return alternatives[index][1]

    def has(self, mask):
        return bool(mask & self.bit)

    # ---- values ---------------------------------------------------------------------------
    def distinct(self, nbytes):
        """A value of its own: byte i of field k is 0x11*k+i (never zero)."""
        self.counter += 1
        raw = bytes(((0x11 * self.counter + i) & 0xff) or 0x5a for i in range(nbytes))
        return raw

    def int_value(self, fld, key, forced):
        t = fld.inttype
        if fld.name in forced:
            return forced[fld.name]
        if fld.reserved:
            return 0
        if fld.fd_index:
            alts = [("fd0", 0)]
            if fld.fd_none is not None and self.has(fld.fd_none_mask):
                alts.append(("nofd", fld.fd_none))
            value = self.choose(f"{key}.fd", alts)
            if value == 0:
                self.fd_fields += 1
            return value
        if fld.flags is not None:
            return self.flags_value(fld.flags, key, forced.get(("flags", fld.name), {}))
        if fld.enum is not None:
            values = [v for v in fld.enum.values if self.has(v.mask)]
            if fld.enum.closed:
                return self.choose(f"{key}={fld.enum.name}", [(v.name, v.value) for v in values])
            self.counter += 1
            return values[self.counter % len(values)].value
        value = int.from_bytes(self.distinct(t.size), "little")
        if t.signed:
            value &= (1 << (t.bits - 1)) - 1
        lo = fld.min if fld.min is not None else None
        hi = fld.max if fld.max is not None else None
        if lo is not None or hi is not None:
            lo = lo if lo is not None else 0
            hi = hi if hi is not None else (1 << t.bits) - 1
            value = lo + value % (hi - lo + 1)
        return value

    def flags_value(self, flags, key, forced):
        """forced: bit name -> value (sub-field) or True/False (one-bit flag)."""
        value, grouped = 0, {}
        for gname, members in flags.groups:
            avail = [b for b in members if self.has(b.avail)]
            pick = None
            for b in avail:
                if forced.get(b.name) is True:
                    pick = b
            if pick is None:
                pick = self.choose(f"{key}.{gname}", [(b.name, b) for b in avail])
            for b in members:
                grouped[b.name] = b is pick
        for b in flags.bits:
            if not self.has(b.avail):
                if forced.get(b.name):
                    raise _Stop(f"{key}.{b.name}")
                continue
            if b.name in grouped:
                on = grouped[b.name]
            elif b.single:
                on = forced[b.name] if b.name in forced else self.choose(f"{key}.{b.name}", [("", False), ("on", True)])
            else:
                if b.name in forced:
                    sub = forced[b.name]
                elif b.enum is not None:
                    values = [v for v in b.enum.values if self.has(v.mask)]
                    if b.enum.closed:
                        sub = self.choose(f"{key}.{b.name}", [(v.name, v.value) for v in values])
                    else:
                        sub = values[0].value
                else:
                    sub = 1
                value |= sub << b.shift
                continue
            if on:
                value |= b.mask
        return value

    # ---- structures -----------------------------------------------------------------------
    def struct(self, s, key, forced=None, zero=()):
        """Build the value tree of struct s: {field name: int | bytes | tree | tail value}."""
        if not self.has(s.mask):
            raise _Stop(key)
        forced = dict(forced or {})
        for name in zero:
            forced[name] = 0
        node = {}
        tail = s.tail
        present = {}
        # Decisions about the tail come first: they fix flag bits and selector values.
        for fld in s.fields:
            if not fld.is_tail:
                continue
            if fld.when is not None:
                path, bit = fld.when
                fkey = f"{key}.{path[-1].name}"
                grouped = any(bit in members for _, members in path[-1].flags.groups)
                if not (self.has(fld.avail) and self.has(bit.avail)):
                    on = False
                elif grouped:
                    on = None  # the group choice decides
                else:
                    on = self.choose(f"{key}.{fld.name}?", [("", False), ("with-" + fld.name, True)])
                if on is not None:
                    forced.setdefault(("flags", path[0].name), {})[bit.name] = on
                present[fld.name] = on
            if fld.kind == "variant" and fld.on is not None:
                var, (path, bit) = fld.variant, fld.on
                cases = [c for c in var.cases if self.has(c.mask)]
                alts = [(c.name, c) for c in cases]
                if var.empty_allowed and cases:
                    alts.append(("empty", "empty"))
                taken = set(c.value for c in var.cases)
                other = next(v for v in range(1, 1 << 16) if v not in taken)
                if bit.enum is not None and not bit.enum.closed:
                    alts.append(("raw", "raw"))
                pick = self.choose(f"{key}.{fld.name}", alts)
                if pick == "empty":
                    sel = cases[0].value
                elif pick == "raw":
                    sel = other
                else:
                    sel = pick.value
                forced.setdefault(("flags", path[0].name), {})[bit.name] = sel
                present[fld.name] = pick
        for fld in s.fixed_fields:
            fkey = f"{key}.{fld.name}"
            if fld.kind == "int":
                sub = forced.get(("flags", fld.name))
                if sub is not None and fld.flags is not None:
                    node[fld.name] = self.flags_value(fld.flags, fkey, sub)
                else:
                    node[fld.name] = self.int_value(fld, fkey, forced)
            elif fld.kind == "bytes":
                node[fld.name] = self.fixed_bytes(fld, node)
            elif fld.kind == "struct":
                node[fld.name] = self.struct(fld.struct, fkey)
        if tail is not None:
            node[tail.name] = self.tail(s, tail, node, key, present)
        # The group choice may have switched a `when` member on.
        if tail is not None and tail.when is not None and present.get(tail.name) is None:
            path, bit = tail.when
            on = bool(_get(node, path) & bit.mask)
            node[tail.name] = self.when_member(tail, f"{key}.{tail.name}") if on else None
        return node

    def fixed_bytes(self, fld, node):
        if fld.reserved:
            return bytes(fld.size)
        data = self.distinct(fld.size)
        if fld.significant is not None:
            path, bit = fld.significant
            exponent = (_get(node, path) & bit.mask) >> bit.shift
            keep = min(fld.size, 1 << exponent)
            data = data[:keep] + bytes(fld.size - keep)
        return data

    def when_member(self, fld, key):
        if fld.kind == "struct":
            return self.struct(fld.struct, key)
        return self.distinct(4)

    def tail(self, s, fld, node, key, present):
        fkey = f"{key}.{fld.name}"
        if fld.when is not None:
            on = present.get(fld.name)
            if on is None:
                return "pending"
            return self.when_member(fld, fkey) if on else None
        if fld.kind == "bytes":
            if fld.string == "nul-terminated":
                return self.choose(f"{fkey}?", [("", b""), ("with-" + fld.name, json_text(self.proto))])
            if fld.length == "rest":
                return self.distinct(4)
            return self.distinct(4)
        if fld.kind == "array":
            if fld.of is not None:
                return [("", self.struct(fld.of, f"{fkey}[0]"))]
            var = fld.of_variant
            cases = [c for c in var.cases if self.has(c.mask)]
            case = self.choose(f"{fkey}[0]", [(c.name, c) for c in cases])
            sel = next(f for f in case.body.fields if f.offset == var.on_offset)
            return [(case, self.struct(case.body, f"{fkey}[0].{case.name}", {sel.name: case.value}))]
        if fld.kind == "chain":
            chain = fld.chain
            alts = [("", [])] + [(c.name, [c]) for c in chain.cases]
            if len(chain.cases) > 1:
                alts.append(("all-caps", list(chain.cases)))
            if fld.first[0].name in self.zero:
                alts = alts[:1]
            picked = self.choose(fkey, alts)
            return [(c, self.struct(c.body, f"{fkey}.{c.name}")) for c in picked]
        if fld.kind == "variant":
            pick = present[fld.name]
            if pick == "empty":
                return None
            if pick == "raw":
                return self.distinct(8)
            return (pick, self.struct(pick.body, f"{fkey}.{pick.name}"))
        raise _Stop(fkey)

    # ---- bytes ----------------------------------------------------------------------------
    def pack(self, fld, value):
        t = fld.inttype
        order = _INT_FMT[t.order]
        return int(value).to_bytes(t.size, order, signed=False) if value >= 0 else \
            int(value).to_bytes(t.size, order, signed=True)

    def serialize(self, s, node):
        """Bytes of struct s; fills in the counts, lengths and offsets its tail needs."""
        tail = s.tail
        tail_bytes = b""
        if tail is not None:
            tail_bytes = self.serialize_tail(s, tail, node)
        out = bytearray(s.size)
        for fld in s.fixed_fields:
            value = node[fld.name]
            if fld.kind == "int":
                out[fld.offset:fld.offset + fld.size] = self.pack(fld, value)
            elif fld.kind == "bytes":
                out[fld.offset:fld.offset + fld.size] = value
            else:
                out[fld.offset:fld.offset + fld.size] = self.serialize(fld.struct, value)
        return bytes(out) + tail_bytes

    def serialize_tail(self, s, fld, node):
        value = node[fld.name]
        if fld.when is not None and value is None:
            return b""
        if fld.kind == "bytes":
            if fld.length not in (None, "rest"):
                _put(node, fld.length, len(value))
            return value
        if fld.kind == "struct":
            return self.serialize(fld.struct, value)
        if fld.kind == "array":
            var = fld.of_variant
            stride = next((size for mask, size in var.strides if self.has(mask)), None) if var else fld.of.size
            _put(node, fld.count, len(value))
            out = b""
            for case, elem in value:
                body = self.serialize(case.body if var else fld.of, elem)
                out += body + bytes(stride - len(body))
            return out
        if fld.kind == "chain":
            chain = fld.chain
            if not value:
                _put(node, fld.first, 0)
                return b""
            bodies = [self.serialize(case.body, body) for case, body in value]
            offset = s.size
            _put(node, fld.first, offset)
            out = b""
            for i, (case, _) in enumerate(value):
                size = chain.header.size + len(bodies[i])
                nxt = offset + size if i + 1 < len(value) else 0
                hdr = {chain.id.name: case.id, chain.version.name: case.version, chain.next.name: nxt}
                for f in chain.header.fields:
                    hdr.setdefault(f.name, 0)
                out += self.serialize(chain.header, hdr) + bodies[i]
                offset += size
            return out
        if fld.kind == "variant":
            if value is None:
                return b""
            if isinstance(value, bytes):
                return value
            case, body = value
            return self.serialize(case.body, body)
        raise _Stop(fld.name)


def json_text(proto):
    """A VERSION JSON object from the capability defaults of the schema, NUL-terminated."""
    def obj(members):
        parts = []
        for m in members:
            if m.type == "object":
                parts.append(f'"{m.name}":{obj(m.members)}')
            elif m.type == "bool":
                parts.append(f'"{m.name}":{"true" if m.default else "false"}')
            else:
                parts.append(f'"{m.name}":{m.default if m.default is not None else 0}')
        return "{" + ",".join(parts) + "}"
    return ('{"capabilities":' + obj(proto.capabilities) + "}").encode() + b"\0"


def _argsz_set(s, node, total):
    """A structure alone that opens with argsz gets its own size there."""
    first = s.fields[0] if s.fields else None
    if first is not None and first.name == "argsz" and first.kind == "int":
        node["argsz"] = total
        return True
    return False


def _explore(make, limit=512):
    """Instances covering every alternative of every choice point; make(choices) -> Instance."""
    covered, out, queue, seen = set(), [], [{}], set()
    while queue and len(out) < limit:
        choices = queue.pop(0)
        try:
            inst = make(choices)
        except _Stop:
            continue
        if inst.data in seen:
            continue
        seen.add(inst.data)
        out.append(inst)
        for key, labels in inst.points.items():
            taken = choices.get(key, 0)
            covered.add((key, taken))
            for alt in range(1, len(labels)):
                if (key, alt) in covered or key in choices:
                    continue
                covered.add((key, alt))
                queue.append({**choices, key: alt})
    return out


def _label(points, choices):
    parts = []
    for key, alt in sorted(choices.items()):
        labels = points.get(key)
        if labels is None or not alt:
            continue
        tag = labels[alt] or "on"
        leaf = key.split(".")[-1].split("=")[0].rstrip("?")
        parts.append(tag if tag.startswith("with-") or tag.startswith(leaf) else f"{leaf}-{tag}")
    return "+".join(parts)


def struct_instances(proto, struct, profile):
    """Valid encodings of one structure alone (no message header) in one profile."""
    def make(choices):
        b = _Build(proto, profile, choices)
        node = b.struct(struct, struct.name)
        data = b.serialize(struct, node)
        if _argsz_set(struct, node, len(data)):
            data = b.serialize(struct, node)
        return Instance(struct.name, profile, data, _label(b.points, choices), points=b.points)
    if not struct.mask >> profile.index & 1:
        return []
    return _explore(make)


def type_instances(proto, item, profile):
    """Valid encodings of one public type alone: a structure, or a variant chosen by length,
    whose encodings are those of its cases' bodies (the length picks the case)."""
    if isinstance(item, Struct):
        return struct_instances(proto, item, profile)
    out = []
    for case in item.cases:
        if (item.mask & case.mask) >> profile.index & 1:
            for inst in struct_instances(proto, case.body, profile):
                label = "+".join(part for part in (case.name, inst.label) if part)
                out.append(Instance(item.name, profile, inst.data, label, points=inst.points))
    return out


def _header_bytes(proto, command, reply, error, payload_len, msg_id, order="le"):
    hdr = proto.structs["header"]
    b = _Build(proto, proto.default_profile, {})
    flags = hdr.field("flags").flags
    kind = flags.bit("type")
    value = next(v.value for v in kind.enum.values if v.name == ("reply" if reply else "command"))
    fl = value << kind.shift
    if error:
        fl |= flags.bit("error").mask
    node = {"msg_id": msg_id, "command": command.value, "msg_size": hdr.size + payload_len,
            "flags": fl, "error": 22 if error else 0}
    for f in hdr.fields:
        node.setdefault(f.name, 0)
    return b.serialize(hdr, node)


def message_instances(proto, command, reply, profile):
    """Valid vfio-user messages (header + payload) of one command and direction in one profile."""
    if not command.mask >> profile.index & 1:
        return []
    use = command.reply if reply else command.request
    name = f"{command.name} reply" if reply else command.name
    msg_id = (0x100 * command.value + (0x80 if reply else 0x10) + profile.index) & 0xffff

    def make(choices):
        b = _Build(proto, profile, choices)
        payload = use.payload
        node, truncated = None, False
        alts = [("", "ok")]
        if reply:
            alts.append(("error", "error"))
        shape = b.choose("reply", alts)
        if shape == "error":
            data = _header_bytes(proto, command, reply, True, 0, msg_id)
            return Instance(name, profile, data, _label(b.points, choices), 0, reply, command, b.points)
        if isinstance(payload, Variant):
            case = b.choose("payload", [(c.name, c) for c in payload.cases if b.has(c.mask)])
            body = b.struct(case.body, "payload")
            pbytes = b.serialize(case.body, body)
        else:
            b.zero = [f.name for f in use.zero]
            forced = {}
            if use.fds_count is not None and len(use.fds_count) == 1:
                forced[use.fds_count[0].name] = 1
            node = b.struct(payload, "payload", forced, zero=b.zero)
            pbytes = b.serialize(payload, node)
            if use.argsz == "needed" and not payload.is_fixed and len(pbytes) > payload.size:
                truncated = b.choose("argsz", [("", False), ("truncated", True)])
            if use.argsz_path is not None:
                if use.argsz == "max-reply" and isinstance(command.reply.payload, Struct):
                    argsz = max(command.reply.payload.size, 0)
                else:
                    argsz = len(pbytes)
                _put(node, use.argsz_path, argsz)
                pbytes = b.serialize(payload, node)
            if truncated:
                pbytes = pbytes[:payload.size]
        nfds = 0
        if not truncated:
            if b.fd_fields:
                nfds = 1
            elif use.fds_when is not None:
                path, bit = use.fds_when
                if _get(node, path) & bit.mask:
                    nfds = _get(node, use.fds_count) if use.fds_count else 1
            elif use.fds_max:
                nfds = b.choose("fds", [("", 0), ("1", 1)])
        nfds = min(nfds, use.fds_max)
        data = _header_bytes(proto, command, reply, False, len(pbytes), msg_id) + pbytes
        return Instance(name, profile, data, _label(b.points, choices), nfds, reply, command, b.points)
    return _explore(make)
