"""The hand-written stub of the native module matches it (mypy's stubtest)."""

import subprocess
import sys


def test_stubtest():
    run = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "zhuoyue._core"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
