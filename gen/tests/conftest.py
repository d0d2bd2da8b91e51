"""Shared paths and helpers for the generator's own tests (run: /usr/bin/python3 -m pytest -q gen/tests)."""
import os
import subprocess
import sys

TESTS = os.path.dirname(os.path.abspath(__file__))
GEN_DIR = os.path.dirname(TESTS)
REPO = os.path.dirname(GEN_DIR)
IOWIRE_GEN = os.path.join(GEN_DIR, "iowire-gen")
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
SCHEMAS = [os.path.join(REPO, "schema", "vfio-user.yaml"), os.path.join(REPO, "schema", "ioregionfd.yaml")]

if GEN_DIR not in sys.path:
    sys.path.insert(0, GEN_DIR)


def run_gen(*args, cwd=REPO):
    """Run gen/iowire-gen as a user would; returns the CompletedProcess (text mode)."""
    return subprocess.run([PYTHON, IOWIRE_GEN, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)
