"""Every schema in bad/ is broken in exactly one way and must be rejected at the right line.

Each file starts with `# expect: LINE: SUBSTRING`: load_protocol() must raise SchemaError for
that file at exactly LINE with a message containing SUBSTRING, and `iowire-gen check FILE`
must exit 1 printing `FILE:LINE: ...` on stderr without a traceback.
"""
import concurrent.futures
import glob
import os
import re

import pytest

from conftest import TESTS, run_gen
from iowire_gen import load_protocol
from iowire_gen.errors import SchemaError

BAD = sorted(glob.glob(os.path.join(TESTS, "bad", "*.yaml")))
EXPECT = re.compile(r"# expect: (\d+): (.+)$")


def expectation(path):
    with open(path, "rb") as handle:  # bytes: some bad schemas are not valid UTF-8 further down
        first = handle.readline().decode("utf-8").rstrip("\n")
    match = EXPECT.match(first)
    assert match, f"{path}: first line must be '# expect: LINE: MESSAGE', not {first!r}"
    return int(match.group(1)), match.group(2)


@pytest.fixture(scope="module")
def cli_results():
    """`iowire-gen check` on every bad schema, run in parallel once for the whole module."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        return dict(zip(BAD, pool.map(lambda p: run_gen("check", p), BAD)))


def test_enough_bad_schemas():
    assert len(BAD) >= 30


@pytest.mark.parametrize("path", BAD, ids=[os.path.basename(p) for p in BAD])
def test_marker_on_expected_line(path):
    """The '# <-' comment that shows the reader the broken line agrees with the expect header."""
    line, _ = expectation(path)
    with open(path, "rb") as handle:
        marked = [n for n, text in enumerate(handle.read().split(b"\n"), 1) if b"# <-" in text]
    assert marked == [line]


@pytest.mark.parametrize("path", BAD, ids=[os.path.basename(p) for p in BAD])
def test_rejected_at_line(path):
    line, message = expectation(path)
    with pytest.raises(SchemaError) as caught:
        load_protocol(path)
    err = caught.value
    assert (err.line, message in err.message) == (line, True), \
        f"expected {line}: ...{message}..., got {err.line}: {err.message}"
    assert err.path == path


@pytest.mark.parametrize("path", BAD, ids=[os.path.basename(p) for p in BAD])
def test_cli_check_reports_line(path, cli_results):
    line, message = expectation(path)
    proc = cli_results[path]
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"{path}:{line}: " in proc.stderr, proc.stderr
    assert message in proc.stderr
