"""The iowire-gen command line: help, and clear one-line errors (exit 1, no traceback)."""
import argparse
import os

import pytest

from conftest import REPO, SCHEMAS, TESTS, run_gen
from iowire_gen import cli, load_protocol


def subcommands():
    """Every subcommand the parser knows, so that new ones are covered without editing this file."""
    top = cli.parser()
    action = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))  # noqa: SLF001
    return sorted(action.choices)


def test_known_subcommands():
    assert {"check", "c", "header"} <= set(subcommands())


def test_help():
    proc = run_gen("--help")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: iowire-gen")
    for name in subcommands():
        assert name in proc.stdout


@pytest.mark.parametrize("name", subcommands())
def test_subcommand_help(name):
    proc = run_gen(name, "--help")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"usage: iowire-gen {name}")


def test_no_command_is_a_usage_error():
    proc = run_gen()
    assert proc.returncode == 2
    assert "usage: iowire-gen" in proc.stderr and "Traceback" not in proc.stderr


def check_clean_error(proc, *needles):
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith("iowire-gen: "), proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    for needle in needles:
        assert needle in proc.stderr, proc.stderr


@pytest.mark.parametrize("args", [
    ("check",), ("c", "--out-dir", "{tmp}"), ("header", "--prefix", "x", "-o", "{tmp}/x.h")],
    ids=["check", "c", "header"])
def test_missing_schema(args, tmp_path):
    missing = os.path.join(str(tmp_path), "no-such-schema.yaml")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    argv.insert(1, missing)
    proc = run_gen(*argv)
    check_clean_error(proc, f"{missing}:", "cannot read schema", "No such file")


def test_schema_is_a_directory(tmp_path):
    check_clean_error(run_gen("check", str(tmp_path)), f"{tmp_path}:", "cannot read schema")


def test_unknown_profile_lists_profiles(tmp_path):
    schema = SCHEMAS[0]
    proc = run_gen("header", schema, "--prefix", "x", "--profile", "nosuch", "-o", str(tmp_path / "x.h"))
    check_clean_error(proc, "nosuch")
    for profile in load_protocol(schema).profiles:
        assert profile.name in proc.stderr
    assert not (tmp_path / "x.h").exists()


@pytest.mark.parametrize("command", ["c", "header"])
def test_generators_report_schema_errors(command, tmp_path):
    """A broken schema stops c and header too, at its file:line, writing no codec for it."""
    bad = os.path.join(TESTS, "bad", "offset-gap.yaml")
    out = tmp_path / "out"
    if command == "c":
        proc = run_gen("c", "--out-dir", str(out), bad)
    else:
        proc = run_gen("header", bad, "--prefix", "x", "-o", str(out / "x.h"))
    check_clean_error(proc, f"{bad}:15: ")
    written = [p.name for p in out.rglob("*") if p.is_file()] if out.exists() else []
    assert not [name for name in written if name.startswith(("bad", "x."))], written


def test_check_real_schemas():
    proc = run_gen("check", *SCHEMAS)
    assert proc.returncode == 0, proc.stderr
    for schema in SCHEMAS:
        assert f"{schema}: ok" in proc.stdout


def test_check_stops_at_first_bad_schema():
    bad = os.path.join(TESTS, "bad", "offset-gap.yaml")
    proc = run_gen("check", SCHEMAS[0], bad, cwd=REPO)
    check_clean_error(proc, f"{bad}:15: ")
    assert f"{SCHEMAS[0]}: ok" in proc.stdout
