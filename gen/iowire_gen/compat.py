"""Breaking changes between two versions of a protocol description (iowire-gen compat).

Compares the semantic models, not the text, so reordering or rewording YAML is never reported.
A change is *breaking* when bytes that one side accepted or produced under OLD could mean
something else, or be rejected, under NEW in a profile both have; it needs a new major version.
A *minor* change adds something (a command, an enum value, a flag bit, a profile) and needs at
least a minor version bump. Every finding names where it is in NEW (file:line).
"""
from dataclasses import dataclass


@dataclass
class Finding:
    level: str  # "breaking" or "minor"
    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.level}: {self.message}"


class _Diff:
    def __init__(self, old, new):
        self.old, self.new = old, new
        self.findings = []
        # profiles are compared by name; masks are translated through these
        self.common = [p.name for p in old.profiles if p.name in {q.name for q in new.profiles}]

    def add(self, level, where, message):
        loc = f"{where.path}:{where.line}" if where is not None else self.new.path
        self.findings.append(Finding(level, loc, message))

    def names(self, proto, mask):
        return {p.name for p in proto.profiles if mask >> p.index & 1 and p.name in self.common}

    # ---- profiles ----------------------------------------------------------------------------
    def profiles(self):
        new_names = {p.name for p in self.new.profiles}
        for p in self.old.profiles:
            if p.name not in new_names:
                self.add("breaking", None, f"profile '{p.name}' was removed")
        for p in self.new.profiles:
            if p.name not in {q.name for q in self.old.profiles}:
                self.add("minor", None, f"profile '{p.name}' was added")
        if self.old.default_profile.name != self.new.default_profile.name:
            self.add("breaking", None, f"default profile changed from '{self.old.default_profile.name}' "
                                       f"to '{self.new.default_profile.name}'")

    def availability(self, what, old_mask, new_mask, where):
        lost = self.names(self.old, old_mask) - self.names(self.new, new_mask)
        gained = self.names(self.new, new_mask) - self.names(self.old, old_mask)
        if lost:
            self.add("breaking", where, f"{what} is no longer in profile(s) {', '.join(sorted(lost))}")
        if gained:
            self.add("minor", where, f"{what} was added to profile(s) {', '.join(sorted(gained))}")

    # ---- enums and flags -----------------------------------------------------------------------
    def enums(self):
        for name, old in self.old.enums.items():
            new = self.new.enums.get(name)
            if new is None:
                self.add("breaking", None, f"enum {name} was removed")
                continue
            if new.closed and not old.closed:
                self.add("breaking", None, f"enum {name} became closed: values accepted before are now rejected")
            for value in old.values:
                match = next((v for v in new.values if v.name == value.name), None)
                if match is None:
                    self.add("breaking", None, f"enum {name}: value {value.name} ({value.value}) was removed")
                elif match.value != value.value:
                    self.add("breaking", None, f"enum {name}: {value.name} was renumbered "
                                               f"from {value.value} to {match.value}")
                else:
                    self.availability(f"enum {name} value {value.name}", value.mask, match.mask, None)
            for value in new.values:
                if not any(v.name == value.name for v in old.values):
                    reused = next((v for v in old.values if v.value == value.value), None)
                    if reused is not None:
                        self.add("breaking", None, f"enum {name}: value {value.value} was {reused.name}, "
                                                   f"now {value.name}")
                    else:
                        self.add("minor", None, f"enum {name}: value {value.name} ({value.value}) was added")

    def flags(self):
        for name, old in self.old.flags.items():
            new = self.new.flags.get(name)
            if new is None:
                self.add("breaking", None, f"flags {name} was removed")
                continue
            if old.width != new.width:
                self.add("breaking", None, f"flags {name}: width changed from {old.width} to {new.width}")
            if old.undefined == "ignore" and new.undefined == "reject":
                self.add("breaking", None, f"flags {name}: undefined bits are now rejected, they were ignored")
            for bit in old.bits:
                match = new.bit(bit.name)
                if match is None:
                    self.add("breaking", None, f"flags {name}: bit {bit.name} ({bit.mask:#x}) was removed")
                elif match.mask != bit.mask or match.be_mask != bit.be_mask:
                    self.add("breaking", None, f"flags {name}: {bit.name} moved from {bit.mask:#x} to {match.mask:#x}")
                else:
                    self.availability(f"flags {name} bit {bit.name}", bit.avail, match.avail, None)
            for bit in new.bits:
                if old.bit(bit.name) is None:
                    self.add("minor", None, f"flags {name}: bit {bit.name} ({bit.mask:#x}) was added")

    # ---- structures ---------------------------------------------------------------------------
    @staticmethod
    def kind(fld):
        if fld.kind == "int":
            return fld.inttype.name
        if fld.kind == "struct":
            return fld.struct.name
        if fld.kind == "array":
            return f"array of {(fld.of or fld.of_variant).name}"
        if fld.kind == "chain":
            return f"chain {fld.chain.name}"
        if fld.kind == "variant":
            return f"variant {fld.variant.name}"
        return "bytes"

    def field(self, sname, old, new):
        what = f"{sname}.{old.name}"
        if new is None:
            self.add("breaking", None, f"field {what} (offset {old.offset}) was removed")
            return
        if (old.offset, old.size) != (new.offset, new.size):
            self.add("breaking", new.where, f"field {what} moved from offset {old.offset} size {old.size} "
                                            f"to offset {new.offset} size {new.size}")
        if self.kind(old) != self.kind(new):
            self.add("breaking", new.where, f"field {what} changed type from {self.kind(old)} to {self.kind(new)}")
        if old.reserved and not new.reserved and self.new.version.split(".")[0] == self.old.version.split(".")[0]:
            self.add("breaking", new.where, f"reserved field {what} was given a meaning without a major version bump")
        if not old.reserved and new.reserved:
            self.add("breaking", new.where, f"field {what} became reserved")
        if old.reserved == "ignore" and new.reserved == "reject":
            self.add("breaking", new.where, f"reserved field {what} is now rejected when non-zero")
        if (old.enum and old.enum.name) != (new.enum and new.enum.name) or \
           (old.flags and old.flags.name) != (new.flags and new.flags.name):
            self.add("breaking", new.where, f"field {what} changed its enum or flags")
        for attr in ("min", "max"):
            a, b = getattr(old, attr), getattr(new, attr)
            if a != b and b is not None and (a is None or (attr == "min" and b > a) or (attr == "max" and b < a)):
                self.add("breaking", new.where, f"field {what}: {attr} narrowed from {a} to {b}")
        self.availability(f"field {what}", old.avail, new.avail, new.where)

    def renamed(self, sname, old, new_struct):
        """A field replaced by another at the same place: a rename, or a reserved field given a meaning."""
        other = next((f for f in new_struct.fields if f.offset == old.offset and f.size == old.size
                      and f.name != old.name), None)
        if other is None:
            return False
        if old.reserved and not other.reserved:
            same_major = self.new.version.split(".")[0] == self.old.version.split(".")[0]
            self.add("breaking" if same_major else "minor", other.where,
                     f"reserved field {sname}.{old.name} was given a meaning as {other.name}"
                     + (" without a major version bump" if same_major else ""))
        else:
            self.add("minor", other.where, f"field {sname}.{old.name} was renamed {other.name}")
        return True

    def structs(self):
        for name, old in self.old.structs.items():
            new = self.new.structs.get(name)
            if new is None:
                self.add("breaking", None, f"struct {name} was removed")
                continue
            if old.size != new.size:
                self.add("breaking", new.where, f"struct {name}: size changed from {old.size} to {new.size}")
            for fld in old.fields:
                if new.field(fld.name) is None and self.renamed(name, fld, new):
                    continue
                self.field(name, fld, new.field(fld.name))
            for fld in new.fields:
                if old.field(fld.name) is None and not any(f.offset == fld.offset and not new.field(f.name)
                                                           for f in old.fields):
                    level = "minor" if fld.is_tail and not old.tail else "breaking"
                    self.add(level, fld.where, f"field {name}.{fld.name} was added at offset {fld.offset}")
            self.availability(f"struct {name}", old.mask, new.mask, new.where)

    # ---- messages ------------------------------------------------------------------------------
    def commands(self):
        new_cmds = {c.name: c for c in self.new.commands}
        for old in self.old.commands:
            new = new_cmds.get(old.name)
            if new is None:
                self.add("breaking", None, f"command {old.name} ({old.value}) was removed")
                continue
            if new.value != old.value:
                self.add("breaking", None, f"command {old.name} was renumbered from {old.value} to {new.value}")
            if new.direction != old.direction:
                self.add("breaking", None, f"command {old.name} changed direction")
            for side in ("request", "reply"):
                a, b = getattr(old, side), getattr(new, side)
                if a.payload.name != b.payload.name:
                    self.add("breaking", None, f"command {old.name}: {side} payload changed from "
                                               f"{a.payload.name} to {b.payload.name}")
                if a.argsz != b.argsz:
                    self.add("breaking", None, f"command {old.name}: {side} argsz rule changed from "
                                               f"{a.argsz} to {b.argsz}")
                if b.fds_max < a.fds_max:
                    self.add("breaking", None, f"command {old.name}: {side} takes at most {b.fds_max} fds, "
                                               f"was {a.fds_max}")
                for z in b.zero:
                    if z.name not in [y.name for y in a.zero]:
                        self.add("breaking", None, f"command {old.name}: {side} field {z.name} must now be zero")
        for new in self.new.commands:
            if new.name not in {c.name for c in self.old.commands}:
                self.add("minor", None, f"command {new.name} ({new.value}) was added")

    def messages(self):
        new_msgs = {m.name: m for m in self.new.messages}
        for old in self.old.messages:
            new = new_msgs.get(old.name)
            if new is None:
                self.add("breaking", None, f"message {old.name} was removed")
            elif new.payload.name != old.payload.name:
                self.add("breaking", None, f"message {old.name}: payload changed to {new.payload.name}")
            else:
                self.availability(f"message {old.name}", old.mask, new.mask, None)

    def version(self):
        old_v = tuple(int(x) for x in self.old.version.split("."))
        new_v = tuple(int(x) for x in self.new.version.split("."))
        breaking = any(f.level == "breaking" for f in self.findings)
        minor = any(f.level == "minor" for f in self.findings)
        if breaking and new_v[0] <= old_v[0]:
            self.add("breaking", None, f"breaking changes need a new major version; version went "
                                       f"{self.old.version} -> {self.new.version}")
        elif minor and new_v[:2] <= old_v[:2] and new_v[0] == old_v[0]:
            self.add("minor", None, f"additions need at least a new minor version; version went "
                                    f"{self.old.version} -> {self.new.version}")

    def run(self):
        if self.old.name != self.new.name:
            self.add("breaking", None, f"protocol changed from {self.old.name} to {self.new.name}")
            return self.findings
        self.profiles()
        self.enums()
        self.flags()
        self.structs()
        self.commands()
        self.messages()
        self.version()
        return self.findings


def compare(old, new):
    """Findings between two Protocol models, breaking ones first."""
    findings = _Diff(old, new).run()
    return sorted(findings, key=lambda f: (f.level != "breaking",))
