"""Golden output: the generator's C for golden/mini.yaml must not change unnoticed.

`iowire-gen c` and `iowire-gen header --prefix mini` are run on golden/mini.yaml and their output
is compared byte for byte with golden/expected/ (c/ is the --out-dir tree, header/mini.h the
header-only codec).  After an intended change to the templates or emitters, refresh it with

    UPDATE_GOLDEN=1 /usr/bin/python3 -m pytest -q gen/tests/test_golden.py

and commit golden/expected/ together with the change, after reading the diff.
"""
import difflib
import os
import re
import shutil
import subprocess

import pytest

from conftest import REPO, SCHEMAS, TESTS, run_gen

MINI = os.path.relpath(os.path.join(TESTS, "golden", "mini.yaml"), REPO)
EXPECTED = os.path.join(TESTS, "golden", "expected")
REFRESH = "UPDATE_GOLDEN=1 /usr/bin/python3 -m pytest -q gen/tests/test_golden.py"
BANNER = re.compile(r"^/\* Generated from \S.* by iowire-gen\. Do not edit\. \*/$")
LIB_INCLUDE = os.path.join(REPO, "lib", "c", "include")


def generate(out, schema=MINI, header_args=("--prefix", "mini")):
    """Run iowire-gen c and header for `schema` into out/c and out/header; return out."""
    proc = run_gen("--root", REPO, "c", "--out-dir", os.path.join(out, "c"), schema)
    assert proc.returncode == 0, proc.stderr
    os.makedirs(os.path.join(out, "header"), exist_ok=True)
    stem = os.path.splitext(os.path.basename(schema))[0]
    proc = run_gen("--root", REPO, "header", schema, *header_args,
                   "-o", os.path.join(out, "header", f"{stem}.h"))
    assert proc.returncode == 0, proc.stderr
    return out


def tree(root):
    """{relative path: bytes} of every file under root."""
    files = {}
    for base, _, names in os.walk(root):
        for name in names:
            path = os.path.join(base, name)
            with open(path, "rb") as handle:
                files[os.path.relpath(path, root)] = handle.read()
    return files


def tree_diff(expected, actual, limit=200):
    """A unified diff of two trees, cut to `limit` lines; empty when they are identical."""
    out = []
    for rel in sorted(set(expected) | set(actual)):
        old, new = expected.get(rel), actual.get(rel)
        if old == new:
            continue
        if old is None or new is None:
            out.append(f"{'only generated' if old is None else 'only expected'}: {rel}")
            continue
        out.extend(difflib.unified_diff(old.decode().splitlines(), new.decode().splitlines(),
                                        f"expected/{rel}", f"generated/{rel}", lineterm=""))
    if len(out) > limit:
        out = out[:limit] + [f"... ({len(out) - limit} more diff lines)"]
    return "\n".join(out)


@pytest.fixture(scope="module")
def mini_out(tmp_path_factory):
    return generate(str(tmp_path_factory.mktemp("mini")))


def test_golden_output(mini_out):
    actual = tree(mini_out)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(mini_out, EXPECTED)
        print(f"\nrewrote {os.path.relpath(EXPECTED, REPO)}: review with git diff, then commit it")
        return
    expected = tree(EXPECTED) if os.path.isdir(EXPECTED) else {}
    diff = tree_diff(expected, actual)
    if diff:
        pytest.fail(f"generated output for {MINI} differs from {os.path.relpath(EXPECTED, REPO)}:\n"
                    f"{diff}\nIf the change is intended, refresh with: {REFRESH}", pytrace=False)


def test_deterministic(mini_out, tmp_path):
    again = tree(generate(str(tmp_path)))
    diff = tree_diff(tree(mini_out), again)
    if diff:
        pytest.fail(f"two runs of iowire-gen on {MINI} differ:\n{diff}", pytrace=False)


def test_real_schemas_regenerate_as_no_op(tmp_path):
    out = str(tmp_path / "c")
    proc = run_gen("--root", REPO, "c", "-v", "--out-dir", out, *SCHEMAS)
    assert proc.returncode == 0, proc.stderr
    first = tree(out)
    stamps = {rel: os.stat(os.path.join(out, rel)).st_mtime_ns for rel in first}
    proc = run_gen("--root", REPO, "c", "-v", "--out-dir", out, *SCHEMAS)
    assert proc.returncode == 0, proc.stderr
    assert "0 file(s) updated" in proc.stdout, proc.stdout
    assert tree(out) == first
    assert {rel: os.stat(os.path.join(out, rel)).st_mtime_ns for rel in first} == stamps
    for schema in SCHEMAS:
        header = str(tmp_path / "h.h")
        texts = []
        for _ in range(2):
            proc = run_gen("--root", REPO, "header", schema, "--prefix", "x", "-o", header)
            assert proc.returncode == 0, proc.stderr
            texts.append((open(header, "rb").read(), os.stat(header).st_mtime_ns))
        assert texts[0] == texts[1], f"header for {schema} changed on regeneration"


def test_banners(mini_out, tmp_path):
    out = str(tmp_path / "real")
    proc = run_gen("--root", REPO, "c", "--out-dir", out, *SCHEMAS)
    assert proc.returncode == 0, proc.stderr
    files = {f"mini/{k}": v for k, v in tree(mini_out).items()}
    files.update({f"real/{k}": v for k, v in tree(out).items()})
    assert files
    for rel, data in sorted(files.items()):
        first = data.decode().split("\n", 1)[0]
        assert BANNER.match(first), f"{rel} starts with {first!r}, not the 'Generated from ... Do not edit.' banner"


def compile_all(cc, out, tmp_path):
    """Compile every generated .c and a file including the header-only codec with `cc`."""
    flags = ["-std=c11", "-Wall", "-Wextra", "-Werror", "-c"]
    sources = [os.path.join(out, "c", "src", name) for name in sorted(os.listdir(os.path.join(out, "c", "src")))]
    use_header = tmp_path / "use_header.c"
    use_header.write_text('#include "mini.h"\n')
    jobs = [[*flags, "-I", os.path.join(out, "c", "include"), "-I", LIB_INCLUDE, src] for src in sources]
    jobs.append([*flags, "-I", os.path.join(out, "header"), str(use_header)])
    for job in jobs:
        obj = tmp_path / (os.path.basename(job[-1]) + ".o")
        proc = subprocess.run([cc, *job, "-o", str(obj)], capture_output=True, text=True, check=False)
        assert proc.returncode == 0, f"{cc} {' '.join(job)}:\n{proc.stderr}"


@pytest.mark.parametrize("cc", ["gcc", "clang"])
def test_mini_compiles(cc, mini_out, tmp_path):
    if shutil.which(cc) is None:
        pytest.skip(f"{cc} not installed")
    compile_all(cc, mini_out, tmp_path)


@pytest.mark.parametrize("profile", ["v1", "v2"])
def test_mini_header_per_profile_compiles(profile, tmp_path):
    """The header-only codec built for one profile (profile checks folded to constants)."""
    header = tmp_path / "mini.h"
    proc = run_gen("--root", REPO, "header", MINI, "--prefix", "mini", "--profile", profile, "-o", str(header))
    assert proc.returncode == 0, proc.stderr
    (tmp_path / "use.c").write_text('#include "mini.h"\n')
    cc = "gcc" if shutil.which("gcc") else "cc"
    proc = subprocess.run([cc, "-std=c11", "-Wall", "-Wextra", "-Werror", "-c", "-I", str(tmp_path),
                           str(tmp_path / "use.c"), "-o", str(tmp_path / "use.o")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
