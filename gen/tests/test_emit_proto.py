"""iowire-gen proto: the proto2 mirror of the schema that bench/ compares libiowire against."""
import os
import re
import shutil
import subprocess

import pytest

from conftest import REPO, SCHEMAS, run_gen
from iowire_gen import emit_proto, load_protocol


def generate(tmp_path):
    out = tmp_path / "proto"
    proc = run_gen("--root", REPO, "proto", "--out-dir", str(out), *SCHEMAS)
    assert proc.returncode == 0, proc.stderr
    return out


def messages(text):
    """{message name: body text} of a generated .proto."""
    return dict(re.findall(r"^message (\w+) \{\n(.*?)^\}", text, re.M | re.S))


def test_writes_proto_and_options(tmp_path):
    out = generate(tmp_path)
    assert sorted(os.listdir(out)) == ["ioregionfd.options", "ioregionfd.proto", "vfio_user.options", "vfio_user.proto"]
    text = (out / "vfio_user.proto").read_text()
    assert text.startswith("// Generated from schema/vfio-user.yaml by iowire-gen. Do not edit.")
    assert 'syntax = "proto2";' in text and "package iowire.vfu;" in text
    again = run_gen("--root", REPO, "proto", "--out-dir", str(out), "-v", *SCHEMAS)
    assert "0 file(s) updated" in again.stdout


@pytest.mark.parametrize("schema", SCHEMAS, ids=os.path.basename)
def test_one_message_per_struct_one_field_per_field(tmp_path, schema):
    proto = load_protocol(schema)
    text, _ = emit_proto.render_proto(proto, "x")
    found = messages(text)
    for struct in proto.structs.values():
        body = found[emit_proto.camel(struct.name)]
        for fld in struct.fields:
            if fld.kind == "variant":
                assert re.search(rf"^  oneof {fld.name} \{{", body, re.M), (struct.name, fld.name)
                continue
            line = re.search(rf"^  (required|optional|repeated) (\w+) {emit_proto.field_name(fld.name)} = \d+;",
                             body, re.M)
            assert line, (struct.name, fld.name)
            label, ptype = line.groups()
            if fld.kind == "int":
                assert ptype == ("s" if fld.inttype.signed else "") + ("fixed64" if fld.inttype.bits > 32 else "fixed32")
            elif fld.kind == "bytes":
                assert ptype == "bytes"
            assert label == ("repeated" if fld.kind in ("array", "chain") else
                             "optional" if fld.when is not None else "required")


def test_variants_chains_and_envelopes():
    proto = load_protocol(SCHEMAS[0])
    text, options = emit_proto.render_proto(proto, "x")
    found = messages(text)
    assert "oneof body {" in found["RegionCap"] and "CapSparseMmap sparse_mmap = 2;" in found["RegionCap"]
    assert "repeated RegionCap caps = 7;" in found["RegionInfo"]
    assert "oneof kase {" in found["IoFdEntry"]
    # the same case name with another body in another profile stays a member of its own
    assert "IoeventfdShadowEntry ioeventfd_ioeventfd_shadow_entry" in found["IoFdEntry"]
    assert "DmaWriteReplyShort short_ = 2;" in found["DmaWriteReply"]  # a C keyword is renamed
    for cmd in proto.commands:
        for name in (f"Msg{emit_proto.camel(cmd.name)}", f"Msg{emit_proto.camel(cmd.name)}Reply"):
            assert "required Header header = 1;" in found[name]
    assert "iowire.vfu.RegionAccessData.data max_size:4096" in options
    assert "iowire.vfu.WriteMultiEntry.data max_size:8 fixed_length:true" in options


@pytest.mark.skipif(not shutil.which("protoc"), reason="protoc (protobuf-compiler) is not installed")
def test_protoc_accepts_it(tmp_path):
    out = generate(tmp_path)
    for name in ("vfio_user.proto", "ioregionfd.proto"):
        proc = subprocess.run(["protoc", f"-I{out}", f"--descriptor_set_out={tmp_path / 'set.pb'}", name],
                              capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stderr
