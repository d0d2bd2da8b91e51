"""iowire-gen compat: pairs of schemas, each differing in one way, and what must be reported."""
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "gen"))

from iowire_gen import compat, load_protocol  # noqa: E402

VFU = os.path.join(ROOT, "schema", "vfio-user.yaml")
IORFD = os.path.join(ROOT, "schema", "ioregionfd.yaml")


def variant(tmp_path, source, edits, name="new.yaml"):
    """A copy of `source` with each (old, new) text replacement applied exactly once."""
    with open(source, encoding="utf-8") as handle:
        text = handle.read()
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def findings(tmp_path, source, edits):
    return compat.compare(load_protocol(source), load_protocol(variant(tmp_path, source, edits)))


def messages(found, level=None):
    return [f.message for f in found if level is None or f.level == level]


def test_identical_schemas_have_no_findings():
    assert compat.compare(load_protocol(VFU), load_protocol(VFU)) == []
    assert compat.compare(load_protocol(IORFD), load_protocol(IORFD)) == []


BREAKING = [
    ("removed command",
     [("      - {name: DEVICE_RESET, value: 13}\n", ""),
      ("  - name: DEVICE_RESET\n    direction: client-to-server\n    spec: \"#vfio-user-device-reset\"\n"
       "    request: {payload: empty}\n    reply: {payload: empty}\n\n", "")],
     "command DEVICE_RESET (13) was removed"),
    ("renumbered command", [("{name: DEVICE_RESET, value: 13}", "{name: DEVICE_RESET, value: 20}")],
     "DEVICE_RESET was renumbered from 13 to 20"),
    ("moved field",
     [("      - {name: offset, type: le64, offset: 8, size: 8, doc: \"File offset of the region in the passed fd; 0 without one.\"}\n"
       "      - {name: address, type: le64, offset: 16, size: 8, doc: \"Base DMA address (IOVA).\"}",
       "      - {name: address, type: le64, offset: 8, size: 8, doc: \"Base DMA address (IOVA).\"}\n"
       "      - {name: offset, type: le64, offset: 16, size: 8, doc: \"File offset of the region in the passed fd; 0 without one.\"}")],
     "field dma_map.offset moved from offset 8 size 8 to offset 16 size 8"),
    ("changed type", [("{name: count, type: le32, offset: 12, size: 4, max: 8}",
                       "{name: count, type: be32, offset: 12, size: 4, max: 8}")],
     "field write_multi_entry.count changed type from le32 to be32"),
    ("narrowed enum", [("      - {name: pre_copy_p2p, value: 7}\n", "")],
     "enum mig_state: value pre_copy_p2p (7) was removed"),
    ("enum closed", [("    doc: Interrupt indexes of a PCI device (linux/vfio.h); higher values are device-specific.\n"
                      "    closed: false", "    doc: Interrupt indexes of a PCI device (linux/vfio.h); higher values are device-specific.\n"
                      "    closed: true")],
     "enum irq_index became closed"),
    ("reserved given meaning", [("{name: reserved, type: le32, offset: 4, size: 4, reserved: ignore}\n      - {name: areas",
                                 "{name: flags, type: le32, offset: 4, size: 4}\n      - {name: areas")],
     "reserved field cap_sparse_mmap.reserved was given a meaning as flags without a major version bump"),
    ("flag bit moved", [("{name: write, mask: 0x2, doc: \"The region is writeable.\"}",
                         "{name: write, mask: 0x20, doc: \"The region is writeable.\"}")],
     "flags dma_map_flags: write moved from 0x2 to 0x20"),
    ("undefined bits now rejected",
     [("    doc: Header flags. Bits 6-31 are not defined; receivers ignore them, senders write zero.\n    undefined: ignore",
       "    doc: Header flags. Bits 6-31 are not defined; receivers ignore them, senders write zero.\n    undefined: reject")],
     "flags header_flags: undefined bits are now rejected, they were ignored"),
    ("profile removed from an item", [("      - {name: file_io, mask: 0x8, since: libvfio-user,",
                                       "      - {name: file_io, mask: 0x8, profiles: [\"0.9.1\"],")],
     "flags dma_map_flags bit file_io is no longer in profile(s) libvfio-user"),
    ("struct size", [("  - name: dma_logging_range\n    size: 16", "  - name: dma_logging_range\n    size: 24"),
                     ("      - {name: length, type: le64, offset: 8, size: 8}\n\n  - name: feature_dma_logging_control",
                      "      - {name: length, type: le64, offset: 8, size: 8}\n      - {name: pad, type: le64, offset: 16, size: 8, reserved: ignore}\n\n  - name: feature_dma_logging_control")],
     "struct dma_logging_range: size changed from 16 to 24"),
]


@pytest.mark.parametrize("what,edits,expected", BREAKING, ids=[b[0] for b in BREAKING])
def test_breaking_change_is_reported(tmp_path, what, edits, expected):
    found = findings(tmp_path, VFU, edits)
    assert any(expected in m for m in messages(found, "breaking")), (what, messages(found))
    # the version stayed 1.0.0, so the version rule itself is broken too
    assert any("need a new major version" in m for m in messages(found, "breaking"))


def test_profile_removed(tmp_path):
    with open(IORFD, encoding="utf-8") as handle:
        text = handle.read().replace("rfc-v3", "rfc-v4").replace("rfc_v3", "rfc_v4")
    path = tmp_path / "renamed.yaml"
    path.write_text(text, encoding="utf-8")
    text = messages(compat.compare(load_protocol(IORFD), load_protocol(str(path))), "breaking")
    assert "profile 'rfc-v3' was removed" in text
    assert any("default profile changed" in m for m in text)


def test_addition_is_minor_and_needs_a_minor_bump(tmp_path):
    edits = [("      - {name: MIG_DATA_WRITE, value: 18, since: \"0.9.2\"}\n",
              "      - {name: MIG_DATA_WRITE, value: 18, since: \"0.9.2\"}\n      - {name: NEW_THING, value: 19, since: \"0.9.2\"}\n"),
             ("  - name: MIG_DATA_WRITE\n    direction: client-to-server\n",
              "  - name: NEW_THING\n    direction: client-to-server\n    request: {payload: empty}\n    reply: {payload: empty}\n\n"
              "  - name: MIG_DATA_WRITE\n    direction: client-to-server\n")]
    found = findings(tmp_path, VFU, edits)
    assert messages(found, "breaking") == []
    assert "command NEW_THING (19) was added" in messages(found, "minor")
    assert any("need at least a new minor version" in m for m in messages(found, "minor"))
    bumped = findings(tmp_path, VFU, edits + [("version: 1.0.0", "version: 1.1.0")])
    assert not any("version" in m for m in messages(bumped))


def test_major_bump_accepts_breaking_changes(tmp_path):
    found = findings(tmp_path, VFU, [("{name: DEVICE_RESET, value: 13}", "{name: DEVICE_RESET, value: 20}"),
                                     ("version: 1.0.0", "version: 2.0.0")])
    assert "command DEVICE_RESET was renumbered from 13 to 20" in messages(found, "breaking")
    assert not any("major version" in m for m in messages(found))


def test_command_line_exit_status(tmp_path):
    new = variant(tmp_path, VFU, [("{name: DEVICE_RESET, value: 13}", "{name: DEVICE_RESET, value: 20}")])
    tool = os.path.join(ROOT, "gen", "iowire-gen")
    same = subprocess.run([sys.executable, tool, "compat", VFU, VFU], capture_output=True, text=True)
    assert same.returncode == 0 and "0 breaking" in same.stdout
    broken = subprocess.run([sys.executable, tool, "compat", VFU, new], capture_output=True, text=True)
    assert broken.returncode == 1
    assert "breaking: command DEVICE_RESET was renumbered from 13 to 20" in broken.stdout
    missing = subprocess.run([sys.executable, tool, "compat", "--against-git", "no-such-ref", VFU],
                             capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 1 and "cannot read it from git" in missing.stderr
