"""The conformance-table emitter (emit_conform): the table a small schema gives is what its model
says, the vfio-user table cites requirements the spec defines, and the C renders and compiles."""
import os
import re
import shutil
import subprocess

import pytest

from conftest import REPO, SCHEMAS, run_gen
from iowire_gen import emit_conform, load_protocol

# Every construct the walk knows, in requests: nested structs, a when: member, a closed enum (one
# value since v2) and an open one, a closed enum inside flags, a one-of group, undefined bits under
# both policies, reserved fields under both policies, min/max, a length, an array of element
# variants with a stride per profile, a chain, a field-selected variant that may be empty, the three
# argsz rules, fds, zero fields, and a command the server sends.
TINY = """\
iowire: 1
protocol: tiny
prefix: tiny
version: 0.1.0
profiles:
  - {name: v1, id: v1}
  - {name: v2, id: v2, extends: v1}
default-profile: v2

enums:
  - name: msg_type
    closed: true
    values:
      - {name: command, value: 0}
      - {name: reply, value: 1}
  - name: command
    closed: true
    values:
      - {name: PUT, value: 1}
      - {name: GET, value: 2}
      - {name: LIST, value: 3}
      - {name: CAPS, value: 4}
      - {name: SET, value: 5, since: v2}
      - {name: NOTIFY, value: 6}
  - name: shade
    closed: true
    values:
      - {name: dark, value: 0}
      - {name: light, value: 1}
      - {name: neon, value: 2, since: v2}
  - name: hue
    closed: false
    values:
      - {name: red, value: 0}

flags:
  - name: header_flags
    width: 32
    undefined: ignore
    bits:
      - {name: type, mask: 0xf, enum: msg_type}
      - {name: no_reply, mask: 0x10}
      - {name: error, mask: 0x20}
  - name: put_flags
    width: 32
    undefined: reject
    bits:
      - {name: a, mask: 0x1}
      - {name: b, mask: 0x2}
      - {name: extra, mask: 0x4, since: v2}
      - {name: kind, mask: 0x30, enum: shade}
      - {name: has_tail, mask: 0x40}
    groups:
      - {name: ab, one-of: [a, b]}
  - name: soft_flags
    width: 16
    undefined: ignore
    bits:
      - {name: x, mask: 0x1}
  - name: set_flags
    width: 32
    undefined: reject
    since: v2
    bits:
      - {name: kind, mask: 0xff}
      - {name: persist, mask: 0x100}

structs:
  - name: header
    size: 16
    fields:
      - {name: msg_id, type: le16, offset: 0, size: 2}
      - {name: command, type: le16, offset: 2, size: 2}
      - {name: msg_size, type: le32, offset: 4, size: 4}
      - {name: flags, type: le32, offset: 8, size: 4, flags: header_flags}
      - {name: error, type: le32, offset: 12, size: 4}
  - name: empty
    size: 0
    fields: []
  - name: pair
    size: 4
    fields:
      - {name: lo, type: le16, offset: 0, size: 2}
      - {name: hi, type: le16, offset: 2, size: 2, max: 1000}
  - name: stamp
    size: 8
    fields:
      - {name: low, type: le32, offset: 0, size: 4}
      - {name: high, type: be32, offset: 4, size: 4}
  - name: put
    size: 20
    fields:
      - {name: argsz, type: le32, offset: 0, size: 4}
      - {name: flags, type: le32, offset: 4, size: 4, flags: put_flags}
      - {name: shade, type: u8, offset: 8, size: 1, enum: shade}
      - {name: hue, type: u8, offset: 9, size: 1, enum: hue}
      - {name: soft, type: le16, offset: 10, size: 2, flags: soft_flags}
      - {name: pair, type: pair, offset: 12, size: 4}
      - {name: pad, type: le16, offset: 16, size: 2, reserved: reject}
      - {name: spare, type: bytes, offset: 18, size: 2, reserved: ignore}
      - {name: tail, type: stamp, offset: 20, size: 8, when: flags.has_tail}
  - name: get
    size: 16
    fields:
      - {name: argsz, type: le32, offset: 0, size: 4}
      - {name: index, type: le32, offset: 4, size: 4}
      - {name: unused, type: le32, offset: 8, size: 4}
      - {name: len, type: le32, offset: 12, size: 4}
      - {name: data, type: bytes, offset: 16, length: len}
  - name: got
    size: 12
    fields:
      - {name: argsz, type: le32, offset: 0, size: 4}
      - {name: value, type: le64, offset: 4, size: 8}
  - name: item_narrow
    size: 8
    fields:
      - {name: kind, type: le32, offset: 0, size: 4}
      - {name: value, type: le32, offset: 4, size: 4}
  - name: item_wide
    size: 12
    since: v2
    fields:
      - {name: kind, type: le32, offset: 0, size: 4}
      - {name: value, type: le64, offset: 4, size: 8}
  - name: list
    size: 8
    fields:
      - {name: count, type: le32, offset: 0, size: 4}
      - {name: rsv, type: bytes, offset: 4, size: 4, reserved: ignore}
      - {name: items, type: array, of: item, count: count, offset: 8}
  - name: cap_header
    size: 8
    fields:
      - {name: id, type: le16, offset: 0, size: 2}
      - {name: version, type: le16, offset: 2, size: 2}
      - {name: next, type: le32, offset: 4, size: 4}
  - name: cap_pair
    size: 4
    fields:
      - {name: value, type: pair, offset: 0, size: 4}
  - name: caps
    size: 8
    fields:
      - {name: first, type: le32, offset: 0, size: 4}
      - {name: level, type: le32, offset: 4, size: 4, min: 1, max: 9}
      - {name: caps, type: chain, chain: tiny_cap, first: first, offset: 8}
  - name: set
    size: 8
    since: v2
    fields:
      - {name: argsz, type: le32, offset: 0, size: 4}
      - {name: flags, type: le32, offset: 4, size: 4, flags: set_flags}
      - {name: value, type: variant, variant: value, select: flags.kind, offset: 8}

chains:
  - name: tiny_cap
    header: cap_header
    id: id
    version: version
    next: next
    cases:
      - {id: 1, version: 1, body: cap_pair, name: pair}

variants:
  - name: item
    select: {field: kind, offset: 0, type: le32}
    stride:
      - {profiles: [v1], size: 8}
      - {profiles: [v2], size: 12}
    cases:
      - {value: 0, name: narrow, body: item_narrow}
      - {value: 1, name: wide, body: item_wide, profiles: [v2]}
  - name: value
    select: {field: flags.kind}
    empty: allowed
    cases:
      - {value: 7, name: stamped, body: stamp}

commands:
  - name: PUT
    direction: client-to-server
    request: {payload: put, argsz: request-size, fds: {max: 1}}
    reply: {payload: empty}
  - name: GET
    direction: client-to-server
    request: {payload: get, argsz: max-reply, zero: [unused]}
    reply: {payload: got, argsz: covers}
  - name: LIST
    direction: client-to-server
    request: {payload: list, fds: {max: 253}}
    reply: {payload: empty}
  - name: CAPS
    direction: client-to-server
    request: {payload: caps}
    reply: {payload: empty}
  - name: SET
    direction: client-to-server
    request: {payload: set, argsz: request-size}
    reply: {payload: empty}
  - name: NOTIFY
    direction: server-to-client
    request: {payload: get, argsz: max-reply}
    reply: {payload: got, argsz: needed}
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = tmp_path_factory.mktemp("conform") / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return load_protocol(str(path))


@pytest.fixture(scope="module")
def vfu():
    return load_protocol(SCHEMAS[0])


def table(proto, name, receiver="server"):
    return next(t for t in emit_conform.build_tables(proto, receiver) if t.command.name == name)


def of(t, cls):
    return [e for e in t.entries if e.cls == cls]


def muts(entry):
    return [(m.op, m.arg, m.expect, m.req) for m in entry.mutations]


def guards(entry):
    return [(g.off, g.size, g.op, g.mask, g.value) for g in entry.guards]


HAS_TAIL = (4, 4, "all", 0x40, 0x40)


def test_commands_by_receiver(tiny):
    server = emit_conform.build_tables(tiny, "server")
    assert [(t.command.name, t.slug, t.fixed_size) for t in server] == [
        ("PUT", "put", 20), ("GET", "get", 16), ("LIST", "list", 8), ("CAPS", "caps", 8), ("SET", "set", 8)]
    assert [t.command.name for t in emit_conform.build_tables(tiny, "client")] == ["NOTIFY"]


def test_truncation_at_every_field_boundary(tiny):
    put = of(table(tiny, "PUT"), "truncated")
    assert [(e.off, e.field, guards(e)) for e in put] == [
        (0, "argsz", []), (4, "flags", []), (8, "shade", []), (9, "hue", []), (10, "soft", []),
        (12, "pair", []), (14, "pair.hi", []), (16, "pad", []), (18, "spare", []),
        (20, "tail", [HAS_TAIL]), (24, "tail.high", [HAS_TAIL])]
    assert all(muts(e) == [("truncate", e.off, "must", "IOW-ENC-005")] for e in put)
    # a length: the data must be there when the length is not 0
    get = of(table(tiny, "GET"), "truncated")
    assert [(e.off, guards(e)) for e in get][-1] == (16, [(12, 4, "ge", 0xffffffff, 1)])
    # an empty-allowed variant: cutting at its start leaves a valid request, so no boundary there
    assert [(e.off, e.field) for e in of(table(tiny, "SET"), "truncated")] == [
        (0, "argsz"), (4, "flags"), (12, "value(stamped).high")]
    assert guards(of(table(tiny, "SET"), "truncated")[-1]) == [(4, 4, "eq", 0xff, 7)]


def test_reserved_fields_and_their_policy(tiny):
    put = of(table(tiny, "PUT"), "reserved")
    assert [(e.field, e.off, e.size, e.policy, muts(e)) for e in put] == [
        ("pad", 16, 2, "reject", [("set", 1, "must", "IOW-ENC-002"), ("set", 0xffff, "must", "IOW-ENC-002")]),
        ("spare", 18, 2, "ignore", [("fill", 1, "accept", "IOW-ENC-002"), ("fill", 0xff, "accept", "IOW-ENC-002")])]
    assert [(e.field, e.off, e.size, e.policy) for e in of(table(tiny, "LIST"), "reserved")] == [
        ("rsv", 4, 4, "ignore")]


def test_undefined_flag_bits_per_profile(tiny):
    put = of(table(tiny, "PUT"), "undefined-bits")
    assert [(e.field, e.off, e.size, e.type, e.defined, e.policy, e.profiles, muts(e)) for e in put] == [
        ("flags", 4, 4, "put_flags", [0x73, 0x77], "reject", 0x3, [("each-undefined", 0, "must", "IOW-ENC-002")]),
        ("soft", 10, 2, "soft_flags", [0x1, 0x1], "ignore", 0x3, [("each-undefined", 0, "accept", "IOW-ENC-002")])]
    set_ = of(table(tiny, "SET"), "undefined-bits")
    assert [(e.field, e.defined, e.profiles) for e in set_] == [("flags", [0, 0x1ff], 0x2)]


def test_closed_enums_with_values_per_profile(tiny):
    put = of(table(tiny, "PUT"), "enum")
    assert [(e.field, e.off, e.size, e.mask, e.type, e.values) for e in put] == [
        ("flags.kind", 4, 4, 0x30, "shade", [(0x00, 0x3), (0x10, 0x3), (0x20, 0x2)]),
        ("shade", 8, 1, 0xff, "shade", [(0, 0x3), (1, 0x3), (2, 0x2)])]  # hue is open: no entry
    assert all(muts(e) == [("each-invalid", 0, "must", "IOW-ENC-003")] for e in put)


def test_one_of_groups(tiny):
    (group,) = of(table(tiny, "PUT"), "group")
    assert (group.field, group.off, group.values) == ("flags.ab", 4, [(0x1, 0x3), (0x2, 0x3)])
    assert [m.op for m in group.mutations] == ["group-none", "group-two"]


def test_ranges(tiny):
    assert [(e.field, e.off, muts(e)) for e in of(table(tiny, "PUT"), "range")] == [
        ("pair.hi", 14, [("set", 1001, "should", "IOW-ENC-005"), ("set", 0xffff, "should", "IOW-ENC-005")])]
    (level, hi) = of(table(tiny, "CAPS"), "range")
    assert (level.field, [m.arg for m in level.mutations]) == ("level", [10, 0xffffffff, 0])
    assert hi.field == "caps[0](pair).value.hi"


def test_counts_and_lengths(tiny):
    (length,) = of(table(tiny, "GET"), "count-lie")
    assert (length.field, length.off, length.size, length.counts, length.elem_size, length.target,
            length.counted) == ("len", 12, 4, "bytes", 1, 16, "data")
    # an odd element size cannot wrap round to the same size
    assert [(m.op, m.arg) for m in length.mutations] == [("add", 1), ("add", -1), ("set", 0xffffffff)]
    narrow, wide = of(table(tiny, "LIST"), "count-lie")
    assert [(e.profiles, e.elem_size, e.target) for e in (narrow, wide)] == [(0x1, 8, 8), (0x2, 12, 8)]
    assert [m.op for m in wide.mutations] == ["add", "add", "wrap", "set"]
    # the first element of an element variant: the count says it is there, its selector says which
    elems = [e for e in of(table(tiny, "LIST"), "truncated") if "(wide)" in e.field]
    assert [(e.off, e.profiles, guards(e)) for e in elems] == [
        (8, 0x2, [(0, 4, "ge", 0xffffffff, 1), (8, 4, "eq", 0xffffffff, 1)]),
        (12, 0x2, [(0, 4, "ge", 0xffffffff, 1), (8, 4, "eq", 0xffffffff, 1)])]


def test_chain_first_item(tiny):
    caps = table(tiny, "CAPS")
    first, nxt = of(caps, "count-lie")
    assert (first.field, first.off, first.counts, guards(first)) == ("first", 0, "offset", [])
    assert [(m.op, m.arg) for m in first.mutations] == [("plen", 0), ("set", 1)]
    here = (0, 4, "eq", 0xffffffff, 8)
    assert (nxt.field, nxt.off, guards(nxt)) == ("caps[0].next", 12, [here])
    assert [(m.op, m.arg) for m in nxt.mutations] == [("plen", 0), ("set", 8), ("set", 1)]
    body = [e for e in of(caps, "truncated") if "(pair)" in e.field]
    assert [(e.off, guards(e)) for e in body] == [
        (16, [here, (8, 2, "eq", 0xffff, 1), (10, 2, "eq", 0xffff, 1)]),
        (18, [here, (8, 2, "eq", 0xffff, 1), (10, 2, "eq", 0xffff, 1)])]


def test_argsz_rules(tiny):
    (put,) = of(table(tiny, "PUT"), "argsz")
    assert (put.argsz_rule, [(m.op, m.arg, m.expect) for m in put.mutations]) == (
        "request-size", [("plen", 1, "should"), ("plen", -1, "should")])
    (get,) = of(table(tiny, "GET"), "argsz")  # max-reply; the reply repeats nothing but covers
    assert (get.reply_fixed, [(m.op, m.arg, m.expect) for m in get.mutations]) == (
        12, [("set", 11, "must"), ("set", 0, "must"), ("plen", -1, "must")])
    (notify,) = of(table(tiny, "NOTIFY", "client"), "argsz")  # max-reply, reply needed: may truncate
    assert [(m.op, m.arg) for m in notify.mutations] == [("set", 11), ("set", 0)]


def test_zero_fields(tiny, vfu):
    (zero,) = of(table(tiny, "GET"), "zero-field")
    assert (zero.field, zero.off, zero.size, muts(zero)) == ("unused", 8, 4, [("each-nonzero", 0, "should", "IOW-ENC-005")])
    info = of(table(vfu, "DEVICE_GET_INFO"), "zero-field")
    assert [(e.field, e.type, e.defined) for e in info] == [
        ("flags", "device_info_flags", [0x3, 0x3, 0x3]), ("num_regions", "", None), ("num_irqs", "", None)]
    # cap_offset must be zero in the request, so the region-info chain is never in one
    region = table(vfu, "DEVICE_GET_REGION_INFO")
    assert not [e for e in region.entries if e.field.startswith("caps")]
    assert not of(region, "count-lie")


def test_fds(tiny, vfu):
    assert [muts(e) for e in of(table(tiny, "PUT"), "fds")] == [[("extra-fds", 2, "must", "IOW-ENC-005")]]
    assert not of(table(tiny, "LIST"), "fds")  # 253 already: the kernel's limit
    (counted,) = [e for e in of(table(vfu, "DEVICE_SET_IRQS"), "count-lie") if e.counts == "fds"]
    assert (counted.field, guards(counted)) == ("count", [(4, 4, "all", 0x4, 0x4)])
    assert [(m.arg, m.expect, m.req) for m in counted.mutations] == [
        (1, "should", "VFU-ERR-005"), (-1, "must", "VFU-FD-003")]


def spec_requirements():
    found = set()
    for root, _, files in os.walk(os.path.join(REPO, "spec")):
        for name in files:
            if name.endswith(".rst"):
                with open(os.path.join(root, name), encoding="utf-8") as handle:
                    found |= set(re.findall(r"^\.\. req:: +([A-Z0-9-]+)\s*$", handle.read(), re.M))
    return found


def test_vfio_user_cites_requirements_the_spec_defines(vfu):
    known = spec_requirements()
    cited = {m.req for t in emit_conform.build_tables(vfu) for e in t.entries for m in e.mutations}
    assert cited and cited <= known, cited - known
    assert {"VFU-CMD-005", "VFU-CMD-004", "IOW-ENC-002", "IOW-ENC-003", "VFU-SIZE-004", "VFU-FD-003"} <= cited
    for rules in emit_conform.RULES.values():
        assert {req for req, _ in rules.values()} <= known


def test_vfio_user_table(vfu):
    tables = emit_conform.build_tables(vfu)
    assert [t.command.name for t in tables] == [c.name for c in vfu.commands if c.direction == "client-to-server"]
    dma_map = table(vfu, "DMA_MAP")
    assert [e.off for e in of(dma_map, "truncated")] == [0, 4, 8, 16, 24]
    (flags,) = of(dma_map, "undefined-bits")
    assert (flags.defined, flags.policy) == ([0x3, 0x3, 0xf], "reject")
    (state,) = of(table(vfu, "DEVICE_FEATURE"), "enum")
    assert (state.field, state.off, guards(state)) == (
        "data(mig_device_state).device_state", 8, [(4, 4, "eq", 0xffff, 2)])
    cases = emit_conform.cases(vfu, tables)
    ids = [c[2] for c in cases]
    assert len(ids) == len(set(ids))
    assert "vfu.malformed.dma-map.truncated" in ids and "vfu.malformed.device-feature.enum" in ids
    # one case per (command, class) with mutations; the tier is MUST when any mutation is
    for index, cls, cid, _, reqs, must in cases:
        entries = of(tables[index], cls)
        assert entries and cid == f"vfu.malformed.{tables[index].slug}.{cls}"
        assert must == any(m.expect != "should" for e in entries for m in e.mutations)
        assert set(reqs.split(",")) == {m.req for e in entries for m in e.mutations}


@pytest.mark.parametrize("which", ["tiny", "vfio-user"])
def test_rendered_c_compiles(which, tiny, vfu, tmp_path):
    proto = tiny if which == "tiny" else vfu
    header, source = emit_conform.render_tables(proto, "schema.yaml")
    assert header.startswith("/* Generated from schema.yaml by iowire-gen. Do not edit. */")
    tables = emit_conform.build_tables(proto)
    assert header.count("\tX(") == len(emit_conform.cases(proto, tables)) + len(emit_conform.class_cases(proto, tables))
    (tmp_path / "iowc_mutations.h").write_text(header, encoding="utf-8")
    (tmp_path / "iowc_mutations.c").write_text(source, encoding="utf-8")
    (tmp_path / "use.c").write_text(
        '#include "iowc_mutations.h"\n'
        "#define COUNT(i, c, t, id, title, reqs, must) +1\n"
        "int ncases(void);\nint ncases(void) { return 0 IOWC_CASES(COUNT); }\n", encoding="utf-8")
    compilers = [cc for cc in ("gcc", "clang") if shutil.which(cc)]
    if not compilers:
        pytest.skip("no C compiler")
    for cc in compilers:
        proc = subprocess.run([cc, "-std=c11", "-Wall", "-Wextra", "-Werror", "-Wmissing-prototypes", "-c",
                               "iowc_mutations.c", "use.c"], cwd=tmp_path, capture_output=True, text=True,
                              check=False)
        assert proc.returncode == 0, proc.stderr


def test_cli_writes_both_files_once(tmp_path):
    out = str(tmp_path / "out")
    first = run_gen("conform", SCHEMAS[0], "--out-dir", out, "-v")
    assert first.returncode == 0, first.stderr
    assert "2 file(s) updated" in first.stdout
    assert sorted(os.listdir(out)) == ["iowc_mutations.c", "iowc_mutations.h"]
    again = run_gen("conform", SCHEMAS[0], "--out-dir", out, "-v")
    assert "0 file(s) updated" in again.stdout


def test_client_reply_tables(tiny, vfu):
    """--receiver client-reply: the reply payloads of client-to-server commands, reply classes only."""
    tables = emit_conform.build_tables(tiny, "client-reply")
    assert [t.command.name for t in tables] == ["PUT", "GET", "LIST", "CAPS", "SET"]
    got = table(tiny, "GET", "client-reply")  # argsz covers: cut inside the fixed part only
    assert [(e.cls, e.off) for e in got.entries] == [("truncated", 0), ("truncated", 4)]
    assert {e.cls for t in emit_conform.build_tables(vfu, "client-reply") for e in t.entries} <= set(
        emit_conform.REPLY_CLASSES)
    region = table(vfu, "DEVICE_GET_REGION_INFO", "client-reply")
    first, nxt = of(region, "chain")
    assert (first.field, nxt.field) == ("cap_offset", "caps[0].next")
    assert [(m.op, m.arg) for m in nxt.mutations] == [("plen", 0), ("plen", 4096), ("set", 32), ("set", 33), ("set", 1)]
    assert {m.req for m in nxt.mutations} == {"VFU-REGION-INFO-006"}
    assert all(e.policy == "reject" for e in of(region, "undefined-bits"))
    assert not [e for e in of(region, "truncated") if e.off >= region.fixed_size]
    ids = [c[1] for c in emit_conform.class_cases(vfu, emit_conform.build_tables(vfu, "client-reply"), "client-reply")]
    assert ids == ["vfu.cl.malformed.truncated", "vfu.cl.malformed.undefined-bits", "vfu.cl.malformed.count-lie",
                   "vfu.cl.malformed.chain"]
    known = spec_requirements()
    assert {req for req, _ in emit_conform.RULES_REPLY["vfio-user"].values()} <= known
