"""The fuzzing seeds and dictionaries (emit_fuzz.py, instances.py): what the schema offers is covered.

That the seeds decode is checked by the C decoders themselves (ctest fuzz-replay-*)."""
import os

from conftest import SCHEMAS, run_gen

from iowire_gen import emit_fuzz, instances, load_protocol

VFU, IORFD = (load_protocol(path) for path in SCHEMAS)


def test_every_message_of_every_profile_has_a_seed():
    for prof in VFU.profiles:
        for cmd in VFU.commands:
            for reply in (False, True):
                got = instances.message_instances(VFU, cmd, reply, prof)
                assert bool(got) == bool(cmd.mask >> prof.index & 1), (prof.name, cmd.name, reply)
                for inst in got:
                    assert int.from_bytes(inst.data[4:8], "little") == len(inst.data)
                    assert int.from_bytes(inst.data[2:4], "little") == cmd.value


def test_every_variant_and_chain_case_is_reached():
    labels = {inst.label for prof in VFU.profiles for inst in _message_instances(prof)}
    text = " ".join(labels)
    for var in VFU.variants.values():
        for case in var.cases[1:]:  # the first case is the default, which has no label
            assert case.name in text, case.name
    for chain in VFU.chains.values():
        for case in chain.cases:
            assert f"caps-{case.name}" in text, case.name
    assert "error" in text and "truncated" in text


def _message_instances(prof):
    for cmd in VFU.commands:
        for reply in (False, True):
            yield from instances.message_instances(VFU, cmd, reply, prof)


def test_closed_enums_take_every_value():
    rfc3 = next(p for p in IORFD.profiles if p.name == "rfc-v3")
    data = {inst.data for inst in instances.struct_instances(IORFD, IORFD.structs["cmd_b"], rfc3)}
    assert {d[0] for d in data} == {0, 1}                # cmd: read, write
    assert {d[1] & 0x0f for d in data} == {0, 1, 2, 3}   # size_exponent


def test_dictionary_has_every_command_and_flag_mask():
    entries = {data for _, data in emit_fuzz.dictionary(VFU)}
    for cmd in VFU.commands:
        assert cmd.value.to_bytes(2, "little") in entries
    for flags in VFU.flags.values():
        for bit in flags.bits:
            assert bit.mask.to_bytes(flags.width // 8, "little") in entries


def test_cli_writes_corpora_dicts_and_options(tmp_path):
    result = run_gen("fuzz", "--out-dir", str(tmp_path), *SCHEMAS)
    assert result.returncode == 0, result.stderr
    for target in emit_fuzz.TARGETS:
        assert os.listdir(tmp_path / "corpus" / target), target
        options = (tmp_path / f"{target}.options").read_text()
        assert options.startswith("[libfuzzer]\nmax_len = ") and f"dict = {target}.dict" in options
        assert (tmp_path / f"{target}.dict").read_text().count('="') > 10
    assert "iowf_vfu_server_to_client" in (tmp_path / "iowf_schema.h").read_text()
    # A second run changes nothing.
    again = run_gen("fuzz", "--out-dir", str(tmp_path), "-v", *SCHEMAS)
    assert "0 file(s) updated" in again.stdout


def test_types_seeds_cover_every_public_type_in_every_profile():
    registry = emit_fuzz.registry([VFU, IORFD])
    assert [t.name for _, t in registry[:3]] == ["cap_header", "sparse_mmap_area", "cap_sparse_mmap"]
    assert registry[-1][0] is IORFD and len(registry) < 256
    seeds = emit_fuzz.registry_seeds([VFU, IORFD])
    have = {(data[0], data[1]) for _, data in seeds}
    for index, (proto, item) in enumerate(registry):
        for prof in proto.profiles:
            assert ((index, prof.index) in have) == bool(item.mask >> prof.index & 1), (item.name, prof.name)
    # The variant chosen by length: a seed per case, each a case body's bytes.
    index = next(i for i, (_, t) in enumerate(registry) if t.name == "dma_write_reply")
    assert {len(data) - 2 for _, data in seeds if data[0] == index} == {0, 12, 16}


def test_types_dictionary_has_both_protocols():
    text = emit_fuzz.dictionary_text([VFU, IORFD], "both")
    for proto in (VFU, IORFD):
        for _, data in emit_fuzz.dictionary(proto):
            assert '="' + "".join(f"\\x{b:02x}" for b in data) + '"' in text, data


def test_ignored_flag_words_are_listed_for_the_oracle():
    assert emit_fuzz.ignored_bits(VFU) == [("header", 8, 4, [0x3f, 0x3f, 0x3f])]
    assert emit_fuzz.ignored_bits(IORFD) == []


def test_caps_json_seeds_are_json_and_reach_every_key_at_its_limits():
    import json

    seeds = dict(emit_fuzz.caps_seeds(VFU))
    values = {}
    for name, data in seeds.items():
        assert data.endswith(b"\0") and data.count(b"\0") == 1, name
        doc = json.loads(data[:-1])

        def leaves(obj, path):
            for key, value in obj.items():
                if isinstance(value, dict):
                    yield from leaves(value, path + [key])
                else:
                    yield ".".join(path + [key]), value
        for path, value in leaves(doc, []):
            values.setdefault(path, set()).add(value)

    def expect(members, path):
        for m in members:
            key = f"{path}.{m.name}"
            if m.type == "object":
                expect(m.members, key)
            elif m.type == "bool":
                assert values[key] == {True, False}, key
            else:
                assert {m.default, m.min, m.max} <= values[key], key
    expect(VFU.capabilities, "capabilities")
    assert seeds["empty"] == b"{}\0"
