"""Tests of spec/_ext/iowire_req.py and of the spec table emitter: what must fail the build does."""
import json
import os
import sys
import textwrap

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))
sys.path.insert(0, os.path.join(ROOT, "gen"))

sphinx_build = pytest.importorskip("sphinx.cmd.build")

from iowire_gen import emit_spec_tables, load_protocol  # noqa: E402

TABLES = """\
.. Generated for the tests.

.. iowire-prose-required: t-cmd-ping

.. _t-reference:

Test reference
==============

.. _t-cmd-ping:

PING
----

.. iowire-fragment-begin: t-cmd-ping | command ``PING``

The PING table.

.. iowire-fragment-end: t-cmd-ping
"""

CONF = f"""\
import sys
sys.path.insert(0, {os.path.join(ROOT, "spec", "_ext")!r})
extensions = ["iowire_req"]
root_doc = "index"
html_theme = "basic"
iowire_req_prefixes = ["VFU", "IOW"]
"""

GOOD = """\
Test
====

Section
-------

.. req:: VFU-TEST-001
   :level: MUST
   :role: client, server

   A sender MUST do the thing.

.. req:: VFU-TEST-002
   :level: MAY
   :role: KVM side

   KVM MAY skip it. See :req:`VFU-TEST-001`.

.. wire-table:: t-cmd-ping

.. wire-reference:: t

Matrix
------

.. requirements-matrix::
"""


def build(tmp_path, index, tables=TABLES, cases=None):
    src, out = tmp_path / "src", tmp_path / "out"
    tabdir = tmp_path / "tables"
    for folder in (src, tabdir):
        folder.mkdir(exist_ok=True)
    conf = CONF + f"iowire_tables_dir = {str(tabdir)!r}\n"
    if cases is not None:
        (tmp_path / "cases.json").write_text(json.dumps({"cases": cases}))
        conf += f"iowire_cases = {str(tmp_path / 'cases.json')!r}\n"
    (src / "conf.py").write_text(conf)
    (src / "index.rst").write_text(textwrap.dedent(index))
    (tabdir / "t-tables.rst").write_text(tables)
    status = sphinx_build.build_main(["-W", "-E", "-q", "-b", "html", "-d", str(tmp_path / "dt"),
                                      str(src), str(out)])
    return status, out


def test_good_project_builds(tmp_path):
    status, out = build(tmp_path, GOOD)
    assert status == 0
    html = (out / "index.html").read_text()
    assert 'id="req-vfu-test-001"' in html
    assert "2 requirements: 1 MUST, 0 SHOULD, 1 MAY." in html
    assert "The PING table." in html
    data = (out / "requirements.json").read_text()
    assert '"id": "VFU-TEST-002"' in data and '"roles": [\n    "KVM side"' in data


@pytest.mark.parametrize("bad, old", [
    ("VFU-TEST-001\n   :level: MUST\n   :role: client, server\n\n   A sender MUST do the thing.\n\n"
     ".. req:: VFU-TEST-001", "VFU-TEST-001"),                                   # duplicate ID
    ("VFU-TEST-001\n   :level: OUGHT", "VFU-TEST-001\n   :level: MUST"),      # unknown level
    ("   :role: client, hypervisor", "   :role: client, server"),             # unknown role
    ("VFU-test-1", "VFU-TEST-001"),                                           # malformed ID
    ("XYZ-TEST-001", "VFU-TEST-001"),                                         # unknown prefix
    ("A sender SHOULD do the thing.", "A sender MUST do the thing."),         # level mismatch
    ("A sender MUST do the thing and MAY", "A sender MUST do the thing"),     # two levels
    ("Section\n-------\n\nEvery client MUST behave.", "Section\n-------"),    # keyword outside
    (".. wire-table:: t-cmd-pong", ".. wire-table:: t-cmd-ping"),             # unknown table
    ("", ".. wire-table:: t-cmd-ping"),                                       # table not placed
    (":req:`VFU-TEST-404`", ":req:`VFU-TEST-001`"),                           # dangling link
])
def test_bad_project_fails(tmp_path, bad, old):
    assert old in GOOD
    status, _ = build(tmp_path, GOOD.replace(old, bad, 1))
    assert status != 0


def test_tables_are_deterministic_and_complete():
    for name in ("vfio-user", "ioregionfd"):
        path = os.path.join(ROOT, "schema", f"{name}.yaml")
        proto = load_protocol(path)
        one = emit_spec_tables.render_tables(proto, f"schema/{name}.yaml")
        two = emit_spec_tables.render_tables(load_protocol(path), f"schema/{name}.yaml")
        assert one == two
        assert one.startswith(f".. Generated from schema/{name}.yaml by iowire-gen. Do not edit.\n")
        labels = ([f"struct-{s}" for s in proto.structs] + [f"flags-{f}" for f in proto.flags]
                  + [f"enum-{e}" for e in proto.enums] + [f"chain-{c}" for c in proto.chains]
                  + [f"variant-{v}" for v in proto.variants]
                  + [f"cmd-{c.name.lower()}" for c in proto.commands])
        for label in labels:
            full = f"{proto.prefix}-{label}"
            assert f"\n.. _{full}:\n" in one, full
            assert f"\n.. iowire-fragment-begin: {full} | " in one, full
            assert f"\n.. iowire-fragment-end: {full}\n" in one, full


def test_cases_fill_the_matrix(tmp_path):
    cases = [{"id": "t.one", "target": "x", "tier": "MUST", "title": "t", "requirements": "VFU-TEST-001"}]
    status, out = build(tmp_path, GOOD, cases=cases)
    assert status == 0
    html = (out / "index.html").read_text()
    assert "1 are checked by at least one of the 1 conformance cases" in html
    assert ">t.one<" in html
    reqs = json.loads((out / "requirements.json").read_text())["requirements"]
    assert {r["id"]: r["cases"] for r in reqs} == {"VFU-TEST-001": ["t.one"], "VFU-TEST-002": []}


def test_case_citing_an_unknown_requirement_fails(tmp_path):
    cases = [{"id": "t.bad", "target": "x", "tier": "MUST", "title": "t", "requirements": "VFU-TEST-009"}]
    status, _ = build(tmp_path, GOOD, cases=cases)
    assert status != 0
