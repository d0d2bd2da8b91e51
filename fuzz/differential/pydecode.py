"""The Python side of the differential harness: a decoder of its own, built on the
python3-construct description that `iowire-gen construct` generates from the schema model
(iowire_construct.py: LAYOUT for the fixed parts, MODEL for the rules).

It implements the decoding rules of lib/c/tests/vectors/README.md ("Decoding rules the vectors
rely on") in Python, without looking at the generated C, and prints what the C codec's dump API
prints: `ok`, one "path value" line per field, `end`; or `error KIND PATH`, `end`.

  decode(model, layout, what, profile, order, nfds, data) -> ("ok", [(path, value)...])
                                                             or ("error", (kind, path))
`what` is "msg" (a vfio-user message) or a structure name (decoded on its own).
"""
import sys

import construct  # noqa: F401  (python3-construct; run.py skips without it)

SIZE_MAX = (1 << 64) - 1


class Reject(Exception):
    def __init__(self, kind, path):
        super().__init__(f"{kind} at {path}")
        self.kind = kind
        self.path = path


def _join(path, name):
    return f"{path}.{name}" if path else name


def _hex(b):
    """Byte fields as the dump API prints them: quoted hex of the first 256 bytes, "..." after."""
    b = bytes(b)
    return '"' + b[:256].hex() + ("..." if len(b) > 256 else "") + '"'


class Decoder:
    def __init__(self, model, layout, profile, order, nfds=None):
        self.m = model
        self.layout = layout
        self.pindex = model["profiles"].index(profile)
        self.bit = 1 << self.pindex
        self.order = order
        self.nfds = nfds  # None: a structure on its own, no fd rules
        self.lines = []

    # ---- helpers ---------------------------------------------------------------------------
    def has(self, mask):
        return bool(mask & self.bit)

    def emit(self, path, value):
        self.lines.append((path, value))

    def struct_model(self, name):
        return self.m["structs"][name]

    def parse_fixed(self, name, buf):
        return self.layout[name][self.order].parse(bytes(buf[:self.struct_model(name)["size"]]))

    @staticmethod
    def lookup(node, path):
        for name in path:
            node = node[name]
        return node

    @staticmethod
    def path_of(base, names):
        out = base
        for name in names:
            out = _join(out, name)
        return out

    # ---- fixed fields ----------------------------------------------------------------------
    def check_enum(self, enum, value, path):
        if enum is not None and enum["closed"]:
            if not any(v == value and self.has(mask) for v, mask, _ in enum["values"]):
                raise Reject("enum", path)

    def check_flags(self, flags, value, path):
        defined = 0
        for b in flags["bits"]:
            if self.has(b["avail"]):
                defined |= b["mask"]
        if flags["undefined"] == "reject" and value & ~defined:
            raise Reject("undefined-bit", path)
        for b in flags["bits"]:
            if not b["single"] and b["enum"] is not None and self.has(b["avail"]):
                shift = (b["mask"] & -b["mask"]).bit_length() - 1
                self.check_enum(b["enum"], (value & b["mask"]) >> shift, path)
        for _, members in flags["groups"]:
            masks = [b["mask"] for b in flags["bits"] if b["name"] in members and self.has(b["avail"])]
            if sum(1 for mask in masks if value & mask) != 1:
                raise Reject("group", path)

    def int_field(self, f, value, path, zero, fds):
        if f["reserved"] == "reject" and value:
            raise Reject("reserved", path)
        self.check_enum(f["enum"], value, path)
        if f["flags"] is not None:
            self.check_flags(f["flags"], value, path)
        if f["min"] is not None and value < f["min"]:
            raise Reject("value", path)
        if f["max"] is not None and value > f["max"]:
            raise Reject("value", path)
        if zero and value:
            raise Reject("value", path)
        if f["fd_index"] and fds and self.nfds is not None:
            none = f["fd_none"] is not None and self.has(f["fd_none_mask"]) and value == f["fd_none"]
            if not none and value >= self.nfds:
                raise Reject("fds", path)
        if f["flags"] is not None:
            return "0" if value == 0 else hex(value)
        return str(value)

    def fixed_fields(self, s, node, path, zero=(), fds=True):
        """Checks and dumps the fixed members of s, whose values construct parsed into node."""
        for f in s["fields"]:
            if f["tail"]:
                continue
            fpath = _join(path, f["name"])
            value = node[f["name"]]
            if f["kind"] == "int":
                self.emit(fpath, self.int_field(f, value, fpath, f["name"] in zero, fds))
            elif f["kind"] == "bytes":
                if f["reserved"] == "reject" and any(value):
                    raise Reject("reserved", fpath)
                if f["significant"] is not None:
                    names, bitname = f["significant"]
                    flags = self.field_model(s, names)["flags"]
                    b = next(b for b in flags["bits"] if b["name"] == bitname)
                    shift = (b["mask"] & -b["mask"]).bit_length() - 1
                    keep = 1 << ((self.lookup(node, names) & b["mask"]) >> shift)
                    if any(value[keep:]):
                        raise Reject("reserved", fpath)
                self.emit(fpath, _hex(value))
            elif f["kind"] == "struct":
                self.fixed_fields(self.struct_model(f["struct"]), value, fpath, (), fds)

    def field_model(self, s, names):
        f = None
        for name in names:
            f = next(x for x in s["fields"] if x["name"] == name)
            if f["struct"] is not None:
                s = self.struct_model(f["struct"])
        return f

    # ---- structures ------------------------------------------------------------------------
    def struct(self, name, buf, path, whole=True, zero=(), fixed_only=False):
        """Decodes structure `name` at the start of buf; returns (node, bytes used)."""
        s = self.struct_model(name)
        if len(buf) < s["size"]:
            raise Reject("truncated", path or "-")
        node = dict(self.parse_fixed(name, buf))
        self.fixed_fields(s, node, path, zero)
        pos = s["size"]
        if fixed_only:
            return node, pos
        for f in s["fields"]:
            if not f["tail"]:
                continue
            pos = self.tail(s, f, node, buf, pos, path)
        if whole and pos != len(buf):
            raise Reject("trailing", path or "-")
        return node, pos

    def tail(self, s, f, node, buf, pos, path):
        fpath = _join(path, f["name"])
        rest = len(buf) - pos
        if f["when"] is not None:
            names, bitname = f["when"]
            flags = self.field_model(s, names)["flags"]
            b = next(b for b in flags["bits"] if b["name"] == bitname)
            if not (self.lookup(node, names) & b["mask"]) or not self.has(b["avail"]) or not self.has(f["avail"]):
                return pos
        if f["kind"] == "struct":
            sub = self.struct_model(f["struct"])
            if rest < sub["size"]:
                raise Reject("truncated", fpath)
            _, used = self.struct(f["struct"], buf[pos:], fpath, whole=False)
            return pos + used
        if f["kind"] == "bytes":
            if f["length"] == "rest":
                n = rest
            else:
                n = self.lookup(node, f["length"])
                if n > rest:
                    raise Reject("count", self.path_of(path, f["length"]))
            data = bytes(buf[pos:pos + n])
            if f["string"] == "nul-terminated" and data and data[-1] != 0:
                raise Reject("value", fpath)
            self.emit(fpath, _hex(data))
            return pos + n
        if f["kind"] == "array":
            count = self.lookup(node, f["count"])
            cpath = self.path_of(path, f["count"])
            if f["of"] is not None:
                size = self.struct_model(f["of"])["size"]
            else:
                var = self.m["variants"][f["of_variant"]]
                size = next(sz for mask, sz in var["strides"] if self.has(mask))
            if count * size > SIZE_MAX:
                raise Reject("overflow", cpath)
            if count * size > rest:
                raise Reject("count", cpath)
            for i in range(count):
                epath = f"{fpath}[{i}]"
                elem = buf[pos + i * size:pos + (i + 1) * size]
                if f["of"] is not None:
                    self.struct(f["of"], elem, epath, whole=True)
                else:
                    self.variant_element(var, elem, epath)
            return pos + count * size
        if f["kind"] == "chain":
            return self.chain(s, f, node, buf, pos, path)
        if f["kind"] == "variant":
            var = self.m["variants"][f["variant"]]
            names, bitname = f["on"]
            flags = self.field_model(s, names)["flags"]
            b = next(b for b in flags["bits"] if b["name"] == bitname)
            shift = (b["mask"] & -b["mask"]).bit_length() - 1
            sel = (self.lookup(node, names) & b["mask"]) >> shift
            if rest == 0 and var["empty_allowed"]:
                return pos
            case = next((c for c in var["cases"] if c["value"] == sel and self.has(c["mask"])), None)
            if case is None:
                if rest:
                    self.emit(_join(fpath, "raw"), _hex(buf[pos:]))
                return len(buf)
            _, used = self.struct(case["body"], buf[pos:], _join(fpath, case["name"]), whole=True)
            return pos + used
        raise AssertionError(f["kind"])

    def variant_element(self, var, elem, epath):
        off, tname = var["on_offset"], var["on_type"]
        width = {"le16": 2, "le32": 4, "le64": 8, "u8": 1}[tname]
        sel = int.from_bytes(bytes(elem[off:off + width]), "little" if self.order == "le" or
                             sys.byteorder == "little" else "big")
        case = next((c for c in var["cases"] if c["value"] == sel and self.has(c["mask"])), None)
        if case is None:
            raise Reject("enum", _join(epath, var["on_path"][-1] if var["on_path"] else "type"))
        body = self.struct_model(case["body"])
        self.struct(case["body"], elem[:body["size"]], _join(epath, case["name"]), whole=True)

    def chain(self, s, f, node, buf, pos, path):
        chain = self.m["chains"][f["chain"]]
        fpath = _join(path, f["name"])
        first = self.lookup(node, f["first"])
        if first == 0:
            return pos
        if first < s["size"]:
            raise Reject("chain-overlap", self.path_of(path, f["first"]))
        header = self.struct_model(chain["header"])
        visited, off, i, end = [], first, 0, pos
        while True:
            cpath = f"{fpath}[{i}]"
            if off + header["size"] > len(buf):
                raise Reject("chain-bounds", cpath)
            hnode, _ = self.struct(chain["header"], buf[off:off + header["size"]], cpath, whole=True)
            ident, version, nxt = hnode[chain["id"]], hnode[chain["version"]], hnode[chain["next"]]
            case = next((c for c in chain["cases"] if c["id"] == ident and c["version"] == version), None)
            body_at = off + header["size"]
            if case is not None:
                body = self.struct_model(case["body"])
                if body_at + body["size"] > len(buf):
                    raise Reject("chain-bounds", cpath)
                try:
                    _, used = self.struct(case["body"], buf[body_at:], _join(cpath, case["name"]), whole=False)
                except Reject as e:
                    if e.kind in ("count", "truncated"):
                        raise Reject("chain-bounds", cpath)
                    raise
                cap_end = body_at + used
            else:
                # An unknown body runs to next (or the end); a next inside the header overlaps.
                stop = nxt if nxt > off else len(buf)
                stop = max(body_at, min(stop, len(buf)))
                self.emit(_join(cpath, "body"), _hex(buf[body_at:stop]))
                cap_end = stop
            visited.append(off)
            if nxt == 0:
                return max(end, cap_end)
            if nxt in visited:
                raise Reject("chain-loop", _join(cpath, chain["next"]))
            if nxt < off:
                raise Reject("chain-backwards", _join(cpath, chain["next"]))
            if nxt < cap_end:
                raise Reject("chain-overlap", _join(cpath, chain["next"]))
            end = cap_end
            off, i = nxt, i + 1


# ---- messages ------------------------------------------------------------------------------

def _u(buf, at, width, order):
    return int.from_bytes(bytes(buf[at:at + width]), "little" if order == "le" or sys.byteorder == "little" else "big")


def decode_message(model, layout, profile, order, nfds, data):
    d = Decoder(model, layout, profile, order, nfds)
    hsize = model["header_size"]
    if len(data) < hsize:
        raise Reject("truncated", "header")
    hdr = dict(d.parse_fixed("header", data))
    if hdr["msg_size"] != len(data):
        raise Reject("msg-size", "header.msg_size")
    hs = d.struct_model("header")
    flags = next(f for f in hs["fields"] if f["name"] == "flags")["flags"]
    tbit = next(b for b in flags["bits"] if b["name"] == "type")
    ebit = next(b for b in flags["bits"] if b["name"] == "error")
    mtype = hdr["flags"] & tbit["mask"]
    d.check_enum(tbit["enum"], mtype, "header.flags")
    reply_value = next(v for v, _, name in tbit["enum"]["values"] if name == "reply")
    reply = mtype == reply_value
    error = reply and bool(hdr["flags"] & ebit["mask"])
    command = next((c for c in model["commands"] if c["value"] == hdr["command"] and d.has(c["mask"])), None)
    if command is None and not error:
        raise Reject("enum", "header.command")
    header_lines = []
    d.lines = header_lines
    d.fixed_fields(hs, hdr, "header")
    payload = data[hsize:]
    d.lines = []
    truncated = False
    if error:
        if payload:
            d.emit("payload.raw", _hex(payload))
    else:
        use = command["reply"] if reply else command["request"]
        # fds
        if nfds > use["fds_max"]:
            raise Reject("fds", "header")
        if use["payload_kind"] == "variant":
            var = model["variants"][use["payload"]]
            case = next((c for c in var["cases"] if c["value"] == len(payload) and d.has(c["mask"])), None)
            if case is None:
                raise Reject("value", "payload")
            d.struct(case["body"], payload, "payload." + case["name"], whole=True)
        else:
            s = d.struct_model(use["payload"])
            if len(payload) < s["size"]:
                raise Reject("truncated", "payload")
            argsz = None
            if use["argsz"]:
                argsz = _u(payload, 0, 4, order) if use["argsz_path"] == ["argsz"] else \
                    d.lookup(dict(d.parse_fixed(use["payload"], payload)), use["argsz_path"])
                apath = d.path_of("payload", use["argsz_path"])
                rule = use["argsz"]
                if rule == "request-size" and argsz != len(payload):
                    raise Reject("argsz", apath)
                if rule == "max-reply":
                    rs = d.struct_model(command["reply"]["payload"]) if command["reply"]["payload_kind"] == "struct" \
                        else None
                    if rs is not None and argsz < rs["size"]:
                        raise Reject("argsz", apath)
                if rule in ("needed", "covers") and len(payload) > argsz:
                    raise Reject("argsz", apath)
                if rule == "needed" and len(payload) < argsz:
                    truncated = True
            d.struct(use["payload"], payload, "payload", whole=True, zero=use["zero"] if not reply else (),
                     fixed_only=truncated)
            node = dict(d.parse_fixed(use["payload"], payload))
            if use["fds_when"] is not None:
                names, bitname = use["fds_when"]
                fl = d.field_model(s, names)["flags"]
                b = next(b for b in fl["bits"] if b["name"] == bitname)
                on = bool(d.lookup(node, names) & b["mask"])
                count = d.lookup(node, use["fds_count"]) if use["fds_count"] else None
                if on and nfds not in (0, count):
                    raise Reject("fds", "header")
                if not on and nfds:
                    raise Reject("fds", "header")
    lines = ([("truncated", "1")] if truncated else []) + header_lines + d.lines
    return lines


def decode(model, layout, what, profile, order, nfds, data):
    """Returns ("ok", lines) or ("error", (kind, path))."""
    try:
        if what == "msg":
            return "ok", decode_message(model, layout, profile, order, nfds, data)
        d = Decoder(model, layout, profile, order, None)
        s = d.struct_model(what)
        if not d.has(s["mask"]):
            raise Reject("profile", "-")
        d.struct(what, data, "", whole=True)
        return "ok", d.lines
    except Reject as e:
        return "error", (e.kind, e.path)


def format_result(result):
    status, body = result
    if status == "ok":
        return "ok\n" + "".join(f"{p} {v}\n" for p, v in body) + "end\n"
    return f"error {body[0]} {body[1] or '-'}\nend\n"
