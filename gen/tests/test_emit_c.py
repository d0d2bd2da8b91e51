"""The C emitter's own checks: what is valid in the model but not in C."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOOL = os.path.join(ROOT, "gen", "iowire-gen")


def test_field_named_like_a_c_keyword_is_rejected_before_anything_is_written(tmp_path):
    with open(os.path.join(ROOT, "schema", "vfio-user.yaml"), encoding="utf-8") as handle:
        text = handle.read()
    field = '{name: pgsize, type: le64, offset: 0, size: 8, doc: "Page size one bit stands for."}'
    assert field in text
    schema = tmp_path / "kw.yaml"
    schema.write_text(text.replace(field, "{name: default, type: le64, offset: 0, size: 8}", 1))
    line = text[:text.index(field)].count("\n") + 1
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, TOOL, "c", "--out-dir", str(out), str(schema)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert f"kw.yaml:{line}: field name 'default' of struct dma_bitmap is a C keyword" in run.stderr
    assert not out.exists()
