"""The python3-construct description (emit_construct.py) the differential fuzzer decodes with.

Its agreement with the C decoders is checked by ctest fuzz-differential; here: it is complete,
lays out what the model says, and the CLI writes it."""
import importlib.util
import os

import pytest

from conftest import SCHEMAS, run_gen

from iowire_gen import emit_construct, load_protocol

construct = pytest.importorskip("construct", reason="python3-construct is not installed")
PROTOS = [load_protocol(path) for path in SCHEMAS]


def _module(tmp_path):
    path = tmp_path / "iowire_construct.py"
    path.write_text(emit_construct.render_construct(PROTOS, ["vfio-user.yaml", "ioregionfd.yaml"]))
    spec = importlib.util.spec_from_file_location("iowire_construct_test", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_every_structure_has_both_byte_orders_of_its_fixed_size(tmp_path):
    mod = _module(tmp_path)
    for proto in PROTOS:
        assert set(mod.LAYOUT[proto.name]) == set(proto.structs)
        for s in proto.structs.values():
            for order in ("le", "host"):
                assert mod.LAYOUT[proto.name][s.name][order].sizeof() == s.size, (s.name, order)
            assert mod.MODEL[proto.name]["structs"][s.name]["size"] == s.size


def test_fixed_fields_parse_at_their_offsets(tmp_path):
    mod = _module(tmp_path)
    dma_map = mod.LAYOUT["vfio-user"]["dma_map"]["le"].parse(bytes(range(32)))
    assert dma_map.argsz == 0x03020100
    assert dma_map.address == int.from_bytes(bytes(range(16, 24)), "little")
    cmd_b = mod.LAYOUT["ioregionfd"]["cmd_b"]["le"].parse(bytes(range(32)))
    assert (cmd_b.cmd, cmd_b.size_resp, cmd_b.padding) == (0, 1, bytes(range(2, 8)))
    # bytes 24..27 of kvm_ioregion_design belong to no field: padding in the layout
    design = mod.LAYOUT["ioregionfd"]["kvm_ioregion_design"]["le"].parse(bytes(range(64)))
    assert design.flags == int.from_bytes(bytes(range(28, 32)), "little")


def test_model_carries_the_rules(tmp_path):
    vfu = _module(tmp_path).MODEL["vfio-user"]
    assert vfu["profiles"] == ["0.9.1", "0.9.2", "libvfio-user"]
    region_info = {f["name"]: f for f in vfu["structs"]["region_info"]["fields"]}
    assert region_info["caps"]["chain"] == "region_cap" and region_info["caps"]["first"] == ["cap_offset"]
    cmds = {c["name"]: c for c in vfu["commands"]}
    assert cmds["DEVICE_GET_INFO"]["reply"]["argsz"] == "needed"
    assert cmds["DEVICE_SET_IRQS"]["request"]["fds_when"] == [["flags"], "data_eventfd"]
    assert [s for _, s in vfu["variants"]["io_fd_entry"]["strides"]] == [40, 48]


def test_cli_writes_the_module(tmp_path):
    proc = run_gen("construct", "--out-dir", str(tmp_path), *SCHEMAS)
    assert proc.returncode == 0, proc.stderr
    assert os.path.exists(tmp_path / "iowire_construct.py")
