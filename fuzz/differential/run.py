#!/usr/bin/python3
"""Differential fuzzing: the same bytes through libiowire's C decoders (iowire-diff-decode) and
through the Python decoder built on the construct description generated from the schema
(pydecode.py + iowire_construct.py). A disagreement on accept/reject, or on any decoded value
of an accepted input, is a finding; both rejecting with different error kinds is only counted
(the two decoders may check in another order).

Inputs: every generated seed (interpreted as its harness does: selector byte, nfds, ...), the
bytes of every golden vector, and a bounded number of deterministic mutations of them.

  run.py --decoder BUILD/fuzz/iowire-diff-decode --construct DIR --corpus DIR --vectors DIR
         [--mutations 20000] [--seed 1] [--report FILE]
Prints "N passed, N failed" (inputs); exits 1 on any disagreement.
"""
import argparse
import os
import random
import subprocess
import sys
import time

try:
    import construct  # noqa: F401
except ImportError:
    print("fuzz-differential: SKIPPED: python3-construct is not installed (scripts/install-deps.sh installs it)")
    sys.exit(77)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pydecode  # noqa: E402

VFU_TARGETS = {"vfu_server", "vfu_client"}
SEL_HOST, SEL_FIX = 0x10, 0x20


class Unit:
    __slots__ = ("proto", "what", "profile", "order", "nfds", "data", "origin")

    def __init__(self, proto, what, profile, order, nfds, data, origin):
        self.proto, self.what, self.profile, self.order = proto, what, profile, order
        self.nfds, self.data, self.origin = nfds, bytes(data), origin

    def line(self):
        return f"{self.proto} {self.what} {self.profile} {self.order} {self.nfds} {self.data.hex() or '-'}\n"

    def describe(self):
        return (f"{self.proto} {self.what} profile {self.profile} order {self.order} nfds {self.nfds} "
                f"({self.origin})\n  hex {self.data.hex() or '(empty)'}")


def fix_msg_size(data, order):
    if len(data) < 8:
        return data
    b = bytearray(data)
    b[4:8] = len(b).to_bytes(4, "little" if order == "le" or sys.byteorder == "little" else "big")
    return bytes(b)


# ---- base inputs ---------------------------------------------------------------------------

def seed_units(model, corpus_dir):
    vfu = model["vfio-user"]["profiles"]
    iorfd = model["ioregionfd"]["profiles"]
    iorfd_types = [m["payload"] for m in model["ioregionfd"]["messages"]]
    registry = [(proto, name) for proto in ("vfio-user", "ioregionfd") for name in model[proto]["types"]]
    units = []
    for target in sorted(os.listdir(corpus_dir)):
        if target.endswith("_session") or target == "vfu_caps_json":
            continue  # record streams, not one message each; JSON text, no binary layout
        tdir = os.path.join(corpus_dir, target)
        for name in sorted(os.listdir(tdir)):
            with open(os.path.join(tdir, name), "rb") as fh:
                data = fh.read()
            origin = f"seed {target}/{name}"
            if target in VFU_TARGETS or target == "vfu_region_info":
                if not data:
                    continue
                sel, data = data[0], data[1:]
                profile = vfu[(sel & 0xf) % len(vfu)]
                order = "host" if sel & SEL_HOST else "le"
                if target == "vfu_region_info":
                    units.append(Unit("vfio-user", "region_info", profile, order, 0, data, origin))
                    continue
                if not data:
                    continue
                nfds, data = data[0], data[1:]
                if sel & SEL_FIX:
                    data = fix_msg_size(data, order)
                units.append(Unit("vfio-user", "msg", profile, order, nfds, data, origin))
            elif target == "types":
                # [type] [sel] payload, the type from both registries as the harness picks it
                if len(data) < 2:
                    continue
                proto, what = registry[data[0] % len(registry)]
                profiles = model[proto]["profiles"]
                if what in model[proto]["structs"]:  # not the variants chosen by length
                    units.append(Unit(proto, what, profiles[(data[1] & 0xf) % len(profiles)],
                                      "host" if data[1] & SEL_HOST else "le", 0, data[2:], origin))
            elif target == "vfu_io_fds":
                for profile in vfu:
                    for order in ("le", "host"):
                        units.append(Unit("vfio-user", "io_fds_reply", profile, order, 0, data, origin))
            else:
                for what in iorfd_types:
                    for profile in iorfd:
                        units.append(Unit("ioregionfd", what, profile, "le", 0, data, origin))
    return units


def vector_units(vectors_dir):
    units = []
    for root, _, files in sorted(os.walk(vectors_dir)):
        for name in sorted(files):
            if not name.endswith(".vec"):
                continue
            path = os.path.join(root, name)
            cur = None
            with open(path) as fh:
                for raw in fh:
                    line = raw.split("#", 1)[0].strip()
                    if not line:
                        continue
                    key, _, rest = line.partition(" ")
                    if key == "vector":
                        cur = {"id": rest, "protocol": "vfio-user", "profile": None, "order": "le",
                               "what": "msg", "fds": 0, "hex": ""}
                    elif cur is None:
                        continue
                    elif key == "protocol":
                        cur["protocol"] = rest
                    elif key == "profile":
                        cur["profile"] = rest
                    elif key == "order":
                        cur["order"] = rest
                    elif key == "struct":
                        cur["what"] = rest
                    elif key == "fds":
                        cur["fds"] = int(rest)
                    elif key == "hex":
                        cur["hex"] += rest.replace(" ", "")
                    elif key == "end":
                        units.append(cur)
                        cur = None
    return units


def resolve_vectors(raw, model):
    out = []
    for v in raw:
        profile = v["profile"] or model[v["protocol"]]["default_profile"]
        out.append(Unit(v["protocol"], v["what"], profile, v["order"], v["fds"], bytes.fromhex(v["hex"]),
                        f"vector {v['id']}"))
    return out


# ---- mutations -----------------------------------------------------------------------------

INTERESTING = [0, 1, 2, 4, 7, 8, 15, 16, 24, 31, 32, 40, 48, 0x7f, 0x80, 0xff, 0x100, 0xffff,
               0x10000, 0x7fffffff, 0x80000000, 0xffffffff]


def mutate(rng, unit, model):
    data = bytearray(unit.data)
    profile, nfds = unit.profile, unit.nfds
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(10)
        if op == 0 and data:  # flip a bit
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)
        elif op == 1 and data:  # a byte
            data[rng.randrange(len(data))] = rng.choice([0, 1, 2, 0x7f, 0x80, 0xff, rng.randrange(256)])
        elif op in (2, 3) and len(data) >= 4:  # an aligned 32-bit word, from the small/edge values
            i = rng.randrange(len(data) // 4) * 4
            value = rng.choice(INTERESTING + [len(data), len(data) - 16, len(data) + 1, rng.randrange(64)])
            data[i:i + 4] = (value & 0xffffffff).to_bytes(4, "little")
        elif op == 4 and data:  # truncate
            del data[rng.randrange(len(data)):]
        elif op == 5:  # append bytes
            data += bytes(rng.choice([0, 0xff, rng.randrange(256)]) for _ in range(rng.choice([1, 4, 8, 16, 24])))
        elif op == 6 and len(data) > 1:  # delete a run
            i = rng.randrange(len(data))
            del data[i:i + rng.choice([1, 4, 8])]
        elif op == 7 and data:  # duplicate a run
            i = rng.randrange(len(data))
            data[i:i] = data[i:i + rng.choice([4, 8, 16])]
        elif op == 8:  # another profile
            profile = rng.choice(model[unit.proto]["profiles"])
        elif op == 9 and unit.what == "msg" and rng.random() < 0.3:
            nfds = rng.choice([0, 0, 1, 2, 3, 253, 254])
    what = unit.what
    if rng.random() < 0.1:
        # The same bytes (a message's payload) as any structure of the protocol, on its own.
        if what == "msg":
            del data[:16]
        what = rng.choice(sorted(model[unit.proto]["structs"]))
        profile = rng.choice(model[unit.proto]["profiles"])
        return Unit(unit.proto, what, profile, unit.order, 0, data, f"{what} from {unit.origin}")
    if unit.what == "msg" and rng.random() < 0.85:
        data = fix_msg_size(bytes(data), unit.order)
        # Most payloads open with argsz: often make it the payload length, which every argsz
        # rule but max-reply accepts, so that mutations reach the members behind it.
        if len(data) >= 20 and rng.random() < 0.5:
            data = bytearray(data)
            data[16:20] = (len(data) - 16).to_bytes(4, "little")
    return Unit(unit.proto, unit.what, profile, unit.order, nfds, data, f"mutation of {unit.origin}")


# ---- running both --------------------------------------------------------------------------

def run_c(decoder, units):
    text = "".join(u.line() for u in units)
    proc = subprocess.run([decoder], input=text.encode(), stdout=subprocess.PIPE, check=False)
    if proc.returncode != 0:
        sys.exit(f"run.py: {decoder} exited {proc.returncode}")
    results, cur = [], None
    for line in proc.stdout.decode().splitlines():
        if cur is None:
            if line == "ok":
                cur = ("ok", [])
            else:
                _, kind, path = line.split(" ", 2)
                cur = ("error", (kind, path))
        elif line == "end":
            results.append(cur)
            cur = None
        else:
            path, _, value = line.partition(" ")
            cur[1].append((path, value))
    if len(results) != len(units):
        sys.exit(f"run.py: {decoder} answered {len(results)} of {len(units)} inputs")
    return results


def compare(c, py):
    if c[0] != py[0]:
        what = {"ok": "accepts"}
        return (f"C {what.get(c[0], 'rejects')}{'' if c[0] == 'ok' else ' (%s at %s)' % c[1]}, "
                f"Python {what.get(py[0], 'rejects')}{'' if py[0] == 'ok' else ' (%s at %s)' % py[1]}")
    if c[0] == "ok" and c[1] != py[1]:
        for i in range(max(len(c[1]), len(py[1]))):
            a = c[1][i] if i < len(c[1]) else None
            b = py[1][i] if i < len(py[1]) else None
            if a != b:
                return f"dumps differ at line {i + 1}: C {a}, Python {b}"
    return None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--decoder", required=True)
    ap.add_argument("--construct", required=True, help="directory holding iowire_construct.py")
    ap.add_argument("--corpus", required=True, help="generated seed corpora (corpus/<target>/)")
    ap.add_argument("--vectors", required=True, help="lib/c/tests/vectors")
    ap.add_argument("--mutations", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=5, help="mutation rounds (accepted mutants feed the next)")
    ap.add_argument("--extra", action="append", default=[], metavar="DIR",
                    help="more corpora laid out like --corpus (a campaign's corpus/), taken whole")
    ap.add_argument("--report", help="write every disagreement here")
    ap.add_argument("--show", type=int, default=10, help="disagreements printed in full")
    ap.add_argument("--stats", action="store_true", help="print what was accepted, by message and structure")
    args = ap.parse_args(argv)

    sys.path.insert(0, args.construct)
    import iowire_construct as gen  # noqa: E402
    model, layout = gen.MODEL, gen.LAYOUT

    start = time.time()
    base = seed_units(model, args.corpus) + resolve_vectors(vector_units(args.vectors), model)
    for extra in args.extra:
        base += seed_units(model, extra)
    rng = random.Random(args.seed)
    # Rounds: mutations of the pool, then what the C decoder accepted joins the pool, so that
    # later mutations start from valid inputs further from the seeds.
    units, c_results, pool = list(base), run_c(args.decoder, base), list(base)
    rounds = max(1, min(args.rounds, args.mutations))
    for r in range(rounds):
        n = args.mutations // rounds + (1 if r < args.mutations % rounds else 0)
        batch = [mutate(rng, rng.choice(pool), model) for _ in range(n)]
        results = run_c(args.decoder, batch)
        pool += [u for u, res in zip(batch, results) if res[0] == "ok"]
        units += batch
        c_results += results
    findings, kinds, accepted, by_kind = [], {}, 0, {}
    for unit, c in zip(units, c_results):
        py = pydecode.decode(model[unit.proto], layout[unit.proto], unit.what, unit.profile, unit.order,
                             unit.nfds, unit.data)
        why = compare(c, py)
        if why:
            findings.append((unit, why, c, py))
        elif c[0] == "ok":
            accepted += 1
            key = unit.what
            if key == "msg":
                hdr = dict(c[1])
                key = f"msg {hdr.get('header.command')}{' reply' if int(hdr.get('header.flags', '0'), 0) & 1 else ''}"
            by_kind[key] = by_kind.get(key, 0) + 1
        elif c[1][0] != py[1][0]:
            key = f"C {c[1][0]} / Python {py[1][0]}"
            kinds[key] = kinds.get(key, 0) + 1
    elapsed = time.time() - start
    print(f"differential: {len(units)} inputs ({len(base)} seeds and vectors, {args.mutations} mutations, "
          f"seed {args.seed}) in {elapsed:.1f} s; {accepted} accepted by both, "
          f"{len(units) - accepted - len(findings)} rejected by both, {len(findings)} disagreements")
    for key, n in sorted(kinds.items(), key=lambda kv: -kv[1]):
        print(f"  rejected by both with other error kinds: {key}: {n}")
    if args.stats:
        print("  accepted by both: " + ", ".join(f"{k} {n}" for k, n in sorted(by_kind.items())))
    for unit, why, c, py in findings[:args.show]:
        print(f"DISAGREEMENT: {why}\n  {unit.describe()}")
    if args.report:
        with open(args.report, "w") as fh:
            for unit, why, c, py in findings:
                fh.write(f"DISAGREEMENT: {why}\n  {unit.describe()}\n--- C\n{pydecode.format_result(c)}"
                         f"--- Python\n{pydecode.format_result(py)}\n")
    print(f"{len(units) - len(findings)} passed, {len(findings)} failed")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
