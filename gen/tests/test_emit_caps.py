"""The capabilities emitter (emit_caps): what it renders from schema/vfio-user.yaml, and what it refuses."""
import os
import re
from types import SimpleNamespace

import pytest

from conftest import SCHEMAS, run_gen
from iowire_gen import emit_caps, load_protocol
from iowire_gen.errors import SchemaError
from iowire_gen.model import JsonMember


@pytest.fixture(scope="module")
def vfu_files():
    return dict(emit_caps.render_caps(load_protocol(SCHEMAS[0]), "schema/vfio-user.yaml"))


def test_file_names(vfu_files):
    assert sorted(vfu_files) == ["include/iowire/vfio_user_caps.h", "src/vfio_user_caps.c"]


def test_no_capabilities_no_files():
    assert emit_caps.render_caps(load_protocol(SCHEMAS[1]), "schema/ioregionfd.yaml") == []


def test_struct_members_typed_and_in_schema_order(vfu_files):
    header = vfu_files["include/iowire/vfio_user_caps.h"]
    body = re.search(r"struct iow_vfu_caps \{\n(.*?)\n\};", header, re.S).group(1)
    members = [line.strip() for line in body.splitlines()]
    assert [m.split(";")[0] for m in members] == [
        "uint64_t present", "uint64_t max_msg_fds", "uint64_t max_data_xfer_size", "uint64_t max_dma_maps",
        "uint64_t pgsizes", "struct iow_vfu_caps_migration migration",
        "struct iow_vfu_caps_twin_socket twin_socket", "bool write_multiple"]
    # nested structs come before the struct that holds them
    assert header.index("struct iow_vfu_caps_twin_socket {") < header.index("struct iow_vfu_caps {")
    assert "\tbool supported;\n\tuint64_t fd_index;\n" in header


def test_defines_carry_defaults_and_limits(vfu_files):
    header = vfu_files["include/iowire/vfio_user_caps.h"]
    for line in ["#define IOW_VFU_CAPS_MAX_MSG_FDS_DEFAULT UINT64_C(1)",
                 "#define IOW_VFU_CAPS_MAX_DATA_XFER_SIZE_DEFAULT UINT64_C(1048576)",
                 "#define IOW_VFU_CAPS_MAX_DMA_MAPS_DEFAULT UINT64_C(65535)",
                 "#define IOW_VFU_CAPS_PGSIZES_MIN UINT64_C(4096)",
                 "#define IOW_VFU_CAPS_PGSIZES_MAX UINT64_C(18446744073709551615)",
                 "#define IOW_VFU_CAPS_MIGRATION_MAX_BITMAP_SIZE_DEFAULT UINT64_C(268435456)",
                 "#define IOW_VFU_CAPS_TWIN_SOCKET_FD_INDEX_MAX UINT64_C(252)",
                 "#define IOW_VFU_CAPS_WRITE_MULTIPLE_DEFAULT false",
                 "#define IOW_VFU_CAPS_HAS_MIGRATION (UINT64_C(1) << 4) /* capabilities.migration */",
                 "#define IOW_VFU_CAPS_HAS_ALL UINT64_C(0x7ff)"]:
        assert line + "\n" in header


def test_table_describes_nested_members(vfu_files):
    source = vfu_files["src/vfio_user_caps.c"]
    assert '.path = "capabilities.twin_socket.fd_index",' in source
    assert ".offset = offsetof(struct iow_vfu_caps, twin_socket.fd_index)," in source
    assert ".members = iow_vfu_caps_migration_desc,\n\t\t.n_members = 2," in source
    # data only: the one function-like thing in the file is offsetof
    assert not re.search(r"^\w[^=]*\)\s*$", source, re.M)


def test_cli_c_writes_the_caps_files(tmp_path):
    result = run_gen("c", "--out-dir", str(tmp_path), *SCHEMAS)
    assert result.returncode == 0, result.stderr
    assert os.path.exists(tmp_path / "include" / "iowire" / "vfio_user_caps.h")
    assert os.path.exists(tmp_path / "src" / "vfio_user_caps.c")
    assert not os.path.exists(tmp_path / "src" / "ioregionfd_caps.c")


def _proto(members):
    return SimpleNamespace(name="t", prefix="t", path="t.yaml", capabilities=members)


@pytest.mark.parametrize("members, message", [
    ([JsonMember(f"k{i}", "bool") for i in range(65)], "more than 64 keys"),
    ([JsonMember("present", "uint")], "C keyword or reserved"),
    ([JsonMember("a", "uint"), JsonMember("a", "bool")], "listed twice"),
    ([JsonMember("a", "uint", default=7, min=8, max=9)], "default outside"),
    ([JsonMember("a", "uint", max=1 << 64)], "does not fit in 64 bits"),
    ([JsonMember("o", "object", default=1)], "an object takes no default"),
])
def test_refused(members, message):
    with pytest.raises(SchemaError, match=message):
        emit_caps.render_caps(_proto(members), "t.yaml")


def test_64_keys_fit():
    files = dict(emit_caps.render_caps(_proto([JsonMember(f"k{i}", "bool") for i in range(64)]), "t.yaml"))
    assert "#define IOW_T_CAPS_HAS_ALL UINT64_C(0xffffffffffffffff)" in files["include/iowire/t_caps.h"]
