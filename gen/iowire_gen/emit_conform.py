"""Emitter: the malformed-message tables of the conformance suite (iowire-conform).

For every command a receiver gets (`--receiver server`: the requests of the client-to-server
commands) this walks the request payload as the model lays it out -- nested structs, `when:`
members, field-selected variants, counted arrays (their first element), byte fields with a
length and capability chains (their first item, where the chain can be present in a request) --
and lists what a malformed request can break:

  truncated       every field boundary: the payload cut just before a field
  reserved        every reserved field set (policy reject: refused; ignore: accepted)
  undefined-bits  every flags field with bits its profile does not define (same two policies)
  enum            every closed enumeration, with the values it lists per profile
  group           every one-of group of a flags field: none, or two bits of it
  range           every integer with min/max, set outside them
  count-lie       every count, length and offset field: saying more or fewer than is there,
                  a product that wraps round to the real size, the largest value
  argsz           the argsz rule of the request (request-size, max-reply, and the covers rule
                  of the reply)
  zero-field      every field the command lists under zero:
  fds             one file descriptor more than the command takes

Each entry carries the field (offset, size, byte order, profiles), the conditions under which it
is present in a request (guards on other fields: a when: bit, a variant selector, a count of at
least one) and its mutations; each mutation names the requirement a receiver breaks by taking it
(or, for an `ignore` policy, by refusing it) and whether that requirement is a MUST or a SHOULD.
Nothing here is written per command: the rules are per class of mutation (RULES).

With `--receiver client-reply` the walk is of the reply payloads of the client-to-server commands
(what a client receives back), keeping the classes that make a reply malformed (REPLY_CLASSES):
truncation (inside the fixed part only, for a reply whose argsz may say it was truncated), count
and length lies, capability-chain faults (chain: the first item or a next that leaves the payload,
points back, loops or overlaps its own item) and undefined bits of flags whose policy is reject.

Output (iowc_mutations.h/.c, into the build tree): the table, the class names, and an X-macro
IOWC_CASES with one conformance case per (command, class) that has entries.
"""
from dataclasses import dataclass, field

from . import render
from .model import Struct, Use

MAX_FDS = 253  # SCM_RIGHTS carries at most this many descriptors in one message

CLASSES = ["truncated", "reserved", "undefined-bits", "enum", "group", "range", "count-lie", "argsz",
           "zero-field", "fds", "significant", "chain"]

CLASS_TITLES = {
    "truncated": "payload cut at each field boundary",
    "reserved": "reserved fields set",
    "undefined-bits": "flag bits the profile does not define",
    "enum": "values outside closed enumerations",
    "group": "one-of flag groups with none or two bits",
    "range": "integers outside their min/max",
    "count-lie": "counts, lengths and offsets that lie",
    "argsz": "argsz breaking its rule",
    "zero-field": "must-be-zero fields set",
    "fds": "one file descriptor more than the command takes",
    "significant": "non-zero bytes past the significant ones",
    "chain": "capability chains that leave the payload, go back, loop or overlap",
}

# What --receiver client-reply keeps: the classes that make a reply malformed.
REPLY_CLASSES = ("truncated", "count-lie", "chain", "undefined-bits")

# The requirement each kind of mutation breaks, and its level. MUST-accept is the `ignore`
# policy: the receiver must process the message as if the bits were zero.
RULES_DEFAULT = {
    "truncated": ("IOW-ENC-005", "must"),
    "reserved-reject": ("IOW-ENC-002", "must"),
    "reserved-ignore": ("IOW-ENC-002", "accept"),
    "undefined-reject": ("IOW-ENC-002", "must"),
    "undefined-ignore": ("IOW-ENC-002", "accept"),
    "enum": ("IOW-ENC-003", "must"),
    "group": ("IOW-ENC-006", "must"),
    "range": ("IOW-ENC-005", "should"),
    "count": ("IOW-ENC-005", "must"),
    "offset": ("IOW-ENC-005", "must"),
    "fds-count-more": ("IOW-ENC-005", "should"),
    "fds-count-fewer": ("IOW-ENC-005", "must"),
    "argsz-request-size": ("IOW-ENC-005", "should"),
    "argsz-max-reply": ("IOW-ENC-005", "must"),
    "argsz-covers": ("IOW-ENC-005", "must"),
    "zero": ("IOW-ENC-005", "should"),
    "fds": ("IOW-ENC-005", "must"),
    "significant": ("IOW-ENC-005", "must"),
}
RULES = {
    # spec/vfio-user/commands.rst, transport.rst, errors.rst, fds.rst; spec/intro.rst (IOW-ENC-*).
    "vfio-user": dict(RULES_DEFAULT, **{
        "truncated": ("VFU-CMD-005", "must"),       # shorter than the fixed part: error reply
        "count": ("VFU-CMD-005", "must"),           # variable part does not match its sizes
        "offset": ("VFU-CMD-005", "must"),
        "range": ("VFU-ERR-005", "should"),         # invalid value: EINVAL
        "fds-count-more": ("VFU-ERR-005", "should"),  # fewer fds than the count says
        "fds-count-fewer": ("VFU-FD-003", "must"),  # more fds than the count allows
        "argsz-request-size": ("VFU-ERR-005", "should"),
        "argsz-max-reply": ("VFU-SIZE-004", "must"),
        "argsz-covers": ("VFU-SIZE-011", "must"),
        "zero": ("VFU-CMD-004", "should"),
        "fds": ("VFU-FD-003", "must"),
    }),
    # spec/ioregionfd/wire.rst: a device treats a bad command as a protocol error, never answers it.
    "ioregionfd": dict(RULES_DEFAULT, **{
        "reserved-reject": ("IORFD-CMD-012", "must"),
        "undefined-reject": ("IORFD-CMD-012", "must"),
        "enum": ("IORFD-CMD-012", "must"),
        "range": ("IORFD-CMD-012", "must"),
        "significant": ("IORFD-CMD-013", "must"),
    }),
}

# The same for replies (--receiver client-reply): the client-role rules a client breaks by taking
# a malformed reply as valid.
RULES_REPLY_DEFAULT = dict(RULES_DEFAULT, chain=("IOW-ENC-005", "must"))
RULES_REPLY = {
    "vfio-user": dict(RULES_REPLY_DEFAULT, **{
        "truncated": ("VFU-REPLY-004", "must"),     # a successful reply carries the reply payload
        "chain": ("VFU-REGION-INFO-006", "must"),   # a chain that loops, goes back, overlaps, leaves
    }),
}

EXPECT_C = {"must": "_REFUSE_MUST", "should": "_REFUSE_SHOULD", "accept": "_ACCEPT_MUST"}  # after the prefix


@dataclass(frozen=True)
class Guard:
    """The entry applies only when the base request's field at off satisfies this."""
    off: int
    size: int
    order: str
    op: str      # all: (v & mask) == mask; eq: (v & mask) == value; ge: (v & mask) >= value
    mask: int
    value: int
    what: str


@dataclass
class Mutation:
    op: str      # truncate set add wrap plen fill each-undefined each-invalid group-none group-two
                 # each-nonzero extra-fds
    arg: int
    expect: str  # must, should, accept
    req: str
    what: str


@dataclass
class Entry:
    cls: str
    field: str                  # path in the payload, e.g. access.count, data(mig_device_state).device_state
    off: int                    # offset in the payload (a boundary: where the payload is cut)
    size: int                   # bytes of the field; 0 for a boundary and for fds
    order: str                  # le or be
    profiles: int               # mask of the profiles the entry exists in
    guards: tuple = ()
    type: str = ""              # enum, flags or struct name
    policy: str = ""            # reserved and undefined-bits: reject or ignore
    mask: int = 0               # enum: the bits of the field the value occupies
    defined: list = None        # undefined-bits, zero-field (flags): defined bits per profile
    values: list = None         # enum: [(value, profiles)]; group: [(bit mask, profiles)]
    min: int = None
    max: int = None
    counts: str = ""            # count-lie: bytes, elements, fds, offset
    elem_size: int = 0
    target: int = 0             # count-lie: offset of what is counted
    counted: str = ""           # count-lie: the member counted
    argsz_rule: str = ""
    reply_fixed: int = 0
    sel: object = None          # significant: Guard-like (off, size, order, mask) of the exponent
    mutations: list = field(default_factory=list)


@dataclass
class CommandTable:
    command: object             # model.Command
    slug: str                   # dma-map
    payload: object             # the request payload (Struct or Variant)
    fixed_size: int
    entries: list
    use: object = None          # the payload's use (request, or the reply for client-reply)

    def classes(self):
        return [c for c in CLASSES if any(e.cls == c and e.mutations for e in self.entries)]


def _ones(size):
    return (1 << (8 * size)) - 1


def _slug(name):
    return name.lower().replace("_", "-")


class _Walker:
    """Walks one request payload and collects its entries."""

    def __init__(self, proto, command, use, rules):
        self.proto = proto
        self.command = command
        self.use = use
        self.rules = rules
        self.entries = []
        self.boundaries = set()
        self.zero = set(id(f) for f in use.zero)
        self.framed = True  # False for messages without a length: a cut message is only a late one
        self.reply = False  # walking a reply: chain faults are their own class

    def rule(self, key):
        return self.rules[key]

    def mut(self, op, arg, key, what):
        req, expect = self.rule(key)
        return Mutation(op, arg, expect, req, what)

    # ---- helpers --------------------------------------------------------------------------------
    @staticmethod
    def flag_guard(base, prefix, path, bit, value=None, label=None):
        """Flag `bit` of the field at `path` (in the struct at base, named prefix) is set, or
        has the value `value` (a multi-bit field choosing a variant case, named label)."""
        off = base + sum(p.offset for p in path)
        last = path[-1]
        name = prefix + ".".join(p.name for p in path)
        if value is None:
            return Guard(off, last.size, last.inttype.order, "all", bit.mask, bit.mask, f"{name}.{bit.name} set")
        return Guard(off, last.size, last.inttype.order, "eq", bit.mask, value << bit.shift,
                     f"{name}.{bit.name} == {label or value}")

    @staticmethod
    def count_guard(base, prefix, path):
        off = base + sum(p.offset for p in path)
        last = path[-1]
        name = prefix + ".".join(p.name for p in path)
        return Guard(off, last.size, last.inttype.order, "ge", _ones(last.size), 1, f"{name} >= 1")

    def boundary(self, off, guards, path, mask):
        if not self.framed:
            return
        key = (off, guards)
        if key in self.boundaries:
            return
        self.boundaries.add(key)
        self.entries.append(Entry("truncated", path, off, 0, "le", mask, guards,
                                  mutations=[self.mut("truncate", off, "truncated", f"cut before {path}")]))

    def per_profile(self, bits_of):
        """[mask of bits defined in profile p for p in profiles]."""
        return [bits_of(p) for p in self.proto.profiles]

    # ---- the walk --------------------------------------------------------------------------------
    def walk(self, struct, base, guards, prefix, mask, top=False, skip_start=False):
        for fld in struct.fields:
            fmask = mask & fld.avail
            if not fmask:
                continue
            off = base + fld.offset
            path = prefix + fld.name
            fguards = guards
            if fld.when is not None:
                fguards = guards + (self.flag_guard(base, prefix, *fld.when),)
            at_start = skip_start and fld.offset == 0
            if fld.kind == "int":
                if not at_start:
                    self.boundary(off, fguards, path, fmask)
                self.int_field(fld, off, fguards, path, fmask, top)
            elif fld.kind == "bytes":
                self.bytes_field(fld, base, prefix, off, fguards, path, fmask, at_start)
            elif fld.kind == "struct":
                if not at_start:
                    self.boundary(off, fguards, path, fmask)
                self.walk(fld.struct, off, fguards, path + ".", fmask, skip_start=at_start)
            elif fld.kind == "array":
                self.array_field(fld, base, prefix, off, fguards, path, fmask)
            elif fld.kind == "variant":
                self.variant_field(fld, base, prefix, off, fguards, path, fmask)
            elif fld.kind == "chain":
                self.chain_field(fld, base, prefix, off, fguards, path, fmask)

    def int_field(self, fld, off, guards, path, mask, top):
        size, order = fld.size, fld.inttype.order
        top_bits = _ones(size)
        if fld.reserved:
            key = f"reserved-{fld.reserved}"
            self.entries.append(Entry("reserved", path, off, size, order, mask, guards, policy=fld.reserved,
                                      mutations=[self.mut("set", 1, key, "set to 1"),
                                                 self.mut("set", top_bits, key, "every bit set")]))
        if fld.flags is not None:
            flags = fld.flags
            fmask = mask & flags.mask

            def defined(prof, flags=flags):
                return sum(b.mask for b in flags.bits if b.avail >> prof.index & 1)
            masks = self.per_profile(defined)
            if any(m != top_bits for p, m in zip(self.proto.profiles, masks) if fmask >> p.index & 1):
                key = f"undefined-{flags.undefined}"
                self.entries.append(Entry("undefined-bits", path, off, size, order, fmask, guards, type=flags.name,
                                          policy=flags.undefined, defined=masks,
                                          mutations=[self.mut("each-undefined", 0, key, "undefined bit set")]))
            for gname, members in flags.groups:
                values = [(b.mask, b.avail & fmask) for b in members]
                gavail = 0
                for b in members:
                    gavail |= b.avail
                self.entries.append(Entry("group", f"{path}.{gname}", off, size, order, fmask & gavail, guards,
                                          type=flags.name, values=values,
                                          mutations=[self.mut("group-none", 0, "group", f"no bit of group {gname}"),
                                                     self.mut("group-two", 0, "group", f"two bits of group {gname}")]))
            for bit in flags.bits:
                if bit.enum is not None and bit.enum.closed and mask & bit.avail:
                    self.enum_entry(f"{path}.{bit.name}", off, size, order, mask & bit.avail, guards, bit.enum,
                                    bit.mask, bit.shift)
        if fld.enum is not None and fld.enum.closed:
            self.enum_entry(path, off, size, order, mask & fld.enum.mask, guards, fld.enum, top_bits, 0)
        if fld.min is not None or fld.max is not None:
            muts = []
            if fld.max is not None and fld.max < top_bits:
                muts.append(self.mut("set", fld.max + 1, "range", f"above max {fld.max}"))
                if top_bits != fld.max + 1:
                    muts.append(self.mut("set", top_bits, "range", "largest value"))
            if fld.min is not None and fld.min > 0:
                muts.append(self.mut("set", fld.min - 1, "range", f"below min {fld.min}"))
            if muts:
                self.entries.append(Entry("range", path, off, size, order, mask, guards, min=fld.min, max=fld.max,
                                          mutations=muts))
        if top and id(fld) in self.zero:
            masks = None
            if fld.flags is not None:
                flags = fld.flags
                masks = self.per_profile(lambda prof: sum(b.mask for b in flags.bits if b.avail >> prof.index & 1))
            self.entries.append(Entry("zero-field", path, off, size, order, mask, guards,
                                      type=fld.flags.name if fld.flags else "", defined=masks,
                                      mutations=[self.mut("each-nonzero", 0, "zero", "not zero")]))

    def enum_entry(self, path, off, size, order, mask, guards, enum, vmask, shift):
        values = [(v.value << shift, v.mask) for v in enum.values]
        self.entries.append(Entry("enum", path, off, size, order, mask, guards, type=enum.name, mask=vmask,
                                  values=values,
                                  mutations=[self.mut("each-invalid", 0, "enum", f"not a value of enum {enum.name}")]))

    def argsz_entry(self, mask):
        """The argsz rule of the request; argsz opens the payload, maybe inside a leading struct."""
        apath = self.use.argsz_path
        if not apath:
            return
        fld = apath[-1]
        off, order, path, guards = sum(p.offset for p in apath), fld.inttype.order, ".".join(p.name for p in apath), ()
        rule = self.use.argsz
        reply = self.command.reply
        reply_fixed = reply.payload.size if isinstance(reply.payload, Struct) else 0
        muts = []
        if rule == "request-size":
            muts = [self.mut("plen", 1, "argsz-request-size", "one more than the payload"),
                    self.mut("plen", -1, "argsz-request-size", "one less than the payload")]
        elif rule == "max-reply" and isinstance(reply.payload, Struct):
            if reply_fixed > 0:
                muts = [self.mut("set", reply_fixed - 1, "argsz-max-reply",
                                 f"below the {reply_fixed}-byte fixed part of the reply"),
                        self.mut("set", 0, "argsz-max-reply", "zero")]
            if reply.argsz == "covers":
                muts.append(self.mut("plen", -1, "argsz-covers",
                                     "cannot hold the reply, which repeats the request payload"))
        if muts:
            self.entries.append(Entry("argsz", path, off, fld.size, order, mask, guards, argsz_rule=rule,
                                      reply_fixed=reply_fixed, mutations=muts))

    def count_entry(self, cpath, base, prefix, guards, mask, counts, elem, target, counted):
        """A count or length (cpath, in the struct at base named prefix) of what lies at target."""
        if not prefix and len(cpath) == 1 and id(cpath[0]) in self.zero:
            return  # a must-be-zero field counts nothing in a request: zero-field covers it
        cfld = cpath[-1]
        off = base + sum(p.offset for p in cpath)
        name = prefix + ".".join(p.name for p in cpath)
        muts = [self.mut("add", 1, "count", f"one {'byte' if counts == 'bytes' else 'element'} more than present"),
                self.mut("add", -1, "count", f"one {'byte' if counts == 'bytes' else 'element'} fewer than present")]
        if elem % 2 == 0:
            muts.append(self.mut("wrap", 0, "count", f"count x {elem} wraps round to the real size"))
        muts.append(self.mut("set", _ones(cfld.size), "count", "largest value"))
        self.entries.append(Entry("count-lie", name, off, cfld.size, cfld.inttype.order, mask, guards,
                                  counts=counts, elem_size=elem, target=target, counted=counted, mutations=muts))

    def bytes_field(self, fld, base, prefix, off, guards, path, mask, at_start):
        if fld.length is None:  # fixed size
            if not at_start:
                self.boundary(off, guards, path, mask)
            if fld.reserved:
                key = f"reserved-{fld.reserved}"
                self.entries.append(Entry("reserved", path, off, fld.size, "le", mask, guards, policy=fld.reserved,
                                          mutations=[self.mut("fill", 0x01, key, "every byte 0x01"),
                                                     self.mut("fill", 0xff, key, "every byte 0xff")]))
            if fld.significant is not None:
                spath, bit = fld.significant
                sfld = spath[-1]
                sel = Guard(base + sum(q.offset for q in spath), sfld.size, sfld.inttype.order, "all", bit.mask, 0,
                            prefix + ".".join(q.name for q in spath) + "." + bit.name)
                self.entries.append(Entry("significant", path, off, fld.size, "le", mask, guards, sel=sel,
                                          mutations=[self.mut("each-past", 0x01, "significant",
                                                              f"a byte past 2^{sel.what} set")]))
            return
        if fld.length == "rest":
            return  # any length is a valid length: nothing can lie
        if not at_start:
            self.boundary(off, guards + (self.count_guard(base, prefix, fld.length),), path, mask)
        self.count_entry(fld.length, base, prefix, guards, mask, "bytes", 1, off, path)

    def array_field(self, fld, base, prefix, off, guards, path, mask):
        first = guards + (self.count_guard(base, prefix, fld.count),)
        self.boundary(off, first, path, mask)
        if fld.of is not None:
            self.count_entry(fld.count, base, prefix, guards, mask, "elements", fld.of.size, off, path)
            self.walk(fld.of, off, first, f"{path}[0].", mask & fld.of.mask)
            return
        var = fld.of_variant
        for smask, stride in var.strides:
            if mask & smask:
                self.count_entry(fld.count, base, prefix, guards, mask & smask, "elements", stride, off, path)
        for case in var.cases:
            cmask = mask & case.mask
            if not cmask:
                continue
            selector = next(f.name for f in case.body.fields if f.offset == var.on_offset)
            sel = Guard(off + var.on_offset, var.on_type.size, var.on_type.order, "eq", _ones(var.on_type.size),
                        case.value, f"{path}[0].{selector} == {case.name}")
            self.walk(case.body, off, first + (sel,), f"{path}[0]({case.name}).", cmask)

    def variant_field(self, fld, base, prefix, off, guards, path, mask):
        var = fld.variant
        spath, bit = fld.on
        for case in var.cases:
            cmask = mask & case.mask
            if not cmask:
                continue
            guard = self.flag_guard(base, prefix, spath, bit, case.value, case.name)
            self.walk(case.body, off, guards + (guard,), f"{path}({case.name}).", cmask,
                      skip_start=var.empty_allowed)

    def chain_field(self, fld, base, prefix, off, guards, path, mask):
        """The first item of a chain, where a request lays it out as encoders do: right after the
        fixed part. Chain offsets count from the start of the struct that holds the chain. A chain
        whose `first` is a must-be-zero field is never in a request."""
        if not prefix and len(fld.first) == 1 and id(fld.first[0]) in self.zero:
            return
        if self.reply:
            return self.reply_chain_field(fld, base, prefix, off, guards, path, mask)
        chain = fld.chain
        first = fld.first[-1]
        foff = base + sum(p.offset for p in fld.first)
        fname = prefix + ".".join(p.name for p in fld.first)
        here = Guard(foff, first.size, first.inttype.order, "eq", _ones(first.size), fld.offset,
                     f"{fname} == {fld.offset}")
        self.entries.append(Entry("count-lie", fname, foff, first.size, first.inttype.order, mask, guards,
                                  counts="offset", elem_size=chain.header.size, target=off, counted=path,
                                  mutations=[self.mut("plen", -base, "offset", "points at the end of the payload"),
                                             self.mut("set", 1, "offset", "points inside the fixed part")]))
        item = guards + (here,)
        self.walk(chain.header, off, item, f"{path}[0].", mask & chain.header.mask)
        nxt = chain.next
        self.entries.append(Entry("count-lie", f"{path}[0].{nxt.name}", off + nxt.offset, nxt.size, nxt.inttype.order,
                                  mask, item, counts="offset", elem_size=chain.header.size, target=off,
                                  counted=f"{path}[1]",
                                  mutations=[self.mut("plen", -base, "offset", "points at the end of the payload"),
                                             self.mut("set", fld.offset, "offset", "points at its own item: a loop"),
                                             self.mut("set", 1, "offset", "points back inside the fixed part")]))
        hoff = off + chain.header.size
        for case in chain.cases:
            cmask = mask & case.body.mask
            if not cmask:
                continue
            ids = (Guard(off + chain.id.offset, chain.id.size, chain.id.inttype.order, "eq", _ones(chain.id.size),
                         case.id, f"{path}[0].{chain.id.name} == {case.id}"),
                   Guard(off + chain.version.offset, chain.version.size, chain.version.inttype.order, "eq",
                         _ones(chain.version.size), case.version, f"{path}[0].{chain.version.name} == {case.version}"))
            self.walk(case.body, hoff, item + ids, f"{path}[0]({case.name}).", cmask)

    def reply_chain_field(self, fld, base, prefix, off, guards, path, mask):
        """A chain in a reply (one item, right after the fixed part): its first offset and the
        item's next, each made to leave the payload, point back, loop or overlap the item."""
        chain = fld.chain
        first = fld.first[-1]
        foff = base + sum(p.offset for p in fld.first)
        fname = prefix + ".".join(p.name for p in fld.first)
        here = Guard(foff, first.size, first.inttype.order, "eq", _ones(first.size), fld.offset,
                     f"{fname} == {fld.offset}")
        self.entries.append(Entry("chain", fname, foff, first.size, first.inttype.order, mask, guards + (here,),
                                  counts="offset", elem_size=chain.header.size, target=off, counted=path,
                                  mutations=[self.mut("plen", -base, "chain", "points at the end of the payload"),
                                             self.mut("set", 1, "chain", "points inside the fixed part")]))
        item = guards + (here,)
        nxt = chain.next
        self.entries.append(Entry("chain", f"{path}[0].{nxt.name}", off + nxt.offset, nxt.size, nxt.inttype.order,
                                  mask, item, counts="offset", elem_size=chain.header.size, target=off,
                                  counted=f"{path}[1]",
                                  mutations=[self.mut("plen", -base, "chain", "points at the end of the payload"),
                                             self.mut("plen", -base + 4096, "chain", "points past the payload"),
                                             self.mut("set", fld.offset, "chain", "points at its own item: a loop"),
                                             self.mut("set", fld.offset + 1, "chain", "points inside its own item: an overlap"),
                                             self.mut("set", 1, "chain", "points back inside the fixed part")]))
        self.walk(chain.header, off, item, f"{path}[0].", mask & chain.header.mask)
        hoff = off + chain.header.size
        for case in chain.cases:
            cmask = mask & case.body.mask
            if not cmask:
                continue
            ids = (Guard(off + chain.id.offset, chain.id.size, chain.id.inttype.order, "eq", _ones(chain.id.size),
                         case.id, f"{path}[0].{chain.id.name} == {case.id}"),
                   Guard(off + chain.version.offset, chain.version.size, chain.version.inttype.order, "eq",
                         _ones(chain.version.size), case.version, f"{path}[0].{chain.version.name} == {case.version}"))
            self.walk(case.body, hoff, item + ids, f"{path}[0]({case.name}).", cmask)


def _fds_entries(walker, use, mask):
    if use.fds_max + 1 > MAX_FDS:
        return []
    return [Entry("fds", "(fds)", 0, 0, "le", mask, (),
                  mutations=[walker.mut("extra-fds", use.fds_max + 1, "fds",
                                        f"the command takes {use.fds_max}")])]


def _fds_count_entries(walker, use, mask):
    """With fds: {count: ...}, the count field counts descriptors."""
    if not use.fds_count or not isinstance(use.payload, Struct):
        return []
    cfld = use.fds_count[-1]
    off = sum(p.offset for p in use.fds_count)
    guards = (walker.flag_guard(0, "", *use.fds_when),) if use.fds_when else ()
    name = ".".join(p.name for p in use.fds_count)
    return [Entry("count-lie", name, off, cfld.size, cfld.inttype.order, mask, guards, counts="fds",
                  counted="(fds)",
                  mutations=[walker.mut("add", 1, "fds-count-more", "one more than the fds attached"),
                             walker.mut("add", -1, "fds-count-fewer", "one fewer than the fds attached")])]


@dataclass
class _MessageCommand:
    """A `messages:` entry (ioregionfd) seen as a command: its value is its index in messages:."""
    name: str
    value: int
    direction: str
    request: object
    mask: int
    reply: object = None


# Receivers of `messages:` protocols and the direction of what they get.
MESSAGE_RECEIVERS = {"device": "kvm-to-device", "kvm": "device-to-kvm"}


def _message_tables(proto, receiver, rules):
    tables = []
    for index, msg in enumerate(proto.messages):
        if msg.direction != MESSAGE_RECEIVERS[receiver]:
            continue
        use = Use(msg.payload)
        command = _MessageCommand(msg.name.upper(), index, msg.direction, use, msg.mask)
        walker = _Walker(proto, command, use, rules)
        walker.framed = False
        walker.walk(msg.payload, 0, (), "", msg.mask & msg.payload.mask, top=True)
        order = {c: i for i, c in enumerate(CLASSES)}
        entries = sorted(walker.entries, key=lambda e: order[e.cls])
        tables.append(CommandTable(command, _slug(msg.name), msg.payload, msg.payload.size, entries))
    return tables


def _reply_tables(proto):
    """The replies a client gets: the reply payload of each client-to-server command, walked as a
    request is, keeping REPLY_CLASSES (undefined bits: policy reject only). A reply whose argsz
    may say it was truncated (needed, covers) is malformed only when cut inside its fixed part."""
    rules = RULES_REPLY.get(proto.name, RULES_REPLY_DEFAULT)
    order = {c: i for i, c in enumerate(CLASSES)}
    tables = []
    for command in proto.commands:
        if command.direction != "client-to-server":
            continue
        use = command.reply
        payload = use.payload
        entries, fixed = [], 0
        if isinstance(payload, Struct):
            walker = _Walker(proto, command, use, rules)
            walker.reply = True
            walker.walk(payload, 0, (), "", command.mask & payload.mask, top=True)
            fixed = payload.size
            entries = [e for e in walker.entries if e.cls in REPLY_CLASSES and e.mutations
                       and not (e.cls == "undefined-bits" and e.policy != "reject")
                       and not (e.cls == "truncated" and use.argsz and e.off >= fixed)]
            entries = sorted(entries, key=lambda e: order[e.cls])
        tables.append(CommandTable(command, _slug(command.name), payload, fixed, entries, use))
    return tables


def build_tables(proto, receiver="server"):
    """[CommandTable] for the requests that `receiver` gets, in command order; for a protocol of
    `messages:` (receiver device or kvm), the messages it gets, in their order; for client-reply,
    the replies to the client-to-server commands."""
    if receiver == "client-reply":
        return _reply_tables(proto)
    if receiver in MESSAGE_RECEIVERS:
        return _message_tables(proto, receiver, RULES.get(proto.name, RULES_DEFAULT))
    direction = "client-to-server" if receiver == "server" else "server-to-client"
    rules = RULES.get(proto.name, RULES_DEFAULT)
    tables = []
    for command in proto.commands:
        if command.direction != direction:
            continue
        use = command.request
        walker = _Walker(proto, command, use, rules)
        payload = use.payload
        if isinstance(payload, Struct):
            walker.walk(payload, 0, (), "", command.mask & payload.mask, top=True)
            walker.argsz_entry(command.mask & payload.mask)
            fixed = payload.size
        else:
            fixed = 0  # a payload variant chosen by length: every length it knows is valid
        entries = walker.entries
        entries += _fds_count_entries(walker, use, command.mask)
        entries += _fds_entries(walker, use, command.mask)
        order = {c: i for i, c in enumerate(CLASSES)}
        entries = sorted(entries, key=lambda e: order[e.cls])  # stable: walk order inside a class
        tables.append(CommandTable(command, _slug(command.name), payload, fixed, entries))
    return tables


def _case_prefix(proto, receiver):
    return f"{proto.prefix}.cl.malformed" if receiver == "client-reply" else f"{proto.prefix}.malformed"


def cases(proto, tables, receiver="server"):
    """[(table index, class, case id, title, requirements, must)] -- one case per (command, class)."""
    out = []
    prefix = _case_prefix(proto, receiver)
    for index, table in enumerate(tables):
        for cls in table.classes():
            entries = [e for e in table.entries if e.cls == cls]
            reqs = []
            for entry in entries:
                for m in entry.mutations:
                    if m.req and m.req not in reqs:
                        reqs.append(m.req)
            must = any(m.expect in ("must", "accept") for e in entries for m in e.mutations)
            title = f"{table.command.name}: {CLASS_TITLES[cls]}"
            out.append((index, cls, f"{prefix}.{table.slug}.{cls}", title, ",".join(reqs), must))
    return out


def class_cases(proto, tables, receiver="server"):
    """[(class, case id, title, requirements, must)] -- one case per class over every table, for a
    receiver whose commands exist in disjoint profiles (the ioregionfd layouts) or whose cases
    choose the commands (client-reply)."""
    out = []
    prefix = _case_prefix(proto, receiver)
    for cls in CLASSES:
        entries = [e for t in tables for e in t.entries if e.cls == cls and e.mutations]
        if not entries:
            continue
        reqs = []
        for m in (m for e in entries for m in e.mutations):
            if m.req and m.req not in reqs:
                reqs.append(m.req)
        must = any(m.expect in ("must", "accept") for e in entries for m in e.mutations)
        names = "/".join(t.command.name for t in tables if any(e.cls == cls for e in t.entries))
        out.append((cls, f"{prefix}.{cls}", f"{names}: {CLASS_TITLES[cls]}", ",".join(reqs), must))
    return out


def _c_str(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_tables(proto, source, receiver="server", name="iowc"):
    """(header text, source text) of NAME_mutations.h and NAME_mutations.c; every C name of the
    table starts with NAME (iowc_, IOWC_), so two tables can live in one program."""
    tables = build_tables(proto, receiver)
    env = render.environment()
    env.filters["c_str"] = _c_str
    max_guards = max((len(e.guards) for t in tables for e in t.entries), default=0)
    ctx = {
        "proto": proto, "tables": tables, "cases": cases(proto, tables, receiver), "class_cases": class_cases(proto, tables, receiver), "classes": CLASSES,
        "receiver": receiver, "nprofiles": len(proto.profiles), "max_guards": max(max_guards, 1),
        "expect_c": {k: name.upper() + v for k, v in EXPECT_C.items()}, "header_size": proto.structs["header"].size if "header" in proto.structs else 0,
        "c_ident": lambda s: s.replace("-", "_"), "p": name, "P": name.upper(),
        "u64": lambda v: f"UINT64_C({v & ((1 << 64) - 1):#x})" if v < 0 or v > 9 else f"{v}u",
    }
    header = render.banner(source) + "\n" + env.get_template("conform.h.j2").render(ctx)
    text = render.banner(source) + "\n" + env.get_template("conform.c.j2").render(ctx)
    return header, text
