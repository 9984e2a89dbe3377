"""Helpers shared by the tests: real tools, strict mode, CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

STRICT = os.environ.get("EPLATNIK_STRICT") == "1"
ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def need_tool(name: str, *paths: str) -> str:
    """Return the path of a system tool; skip the test when it is absent (fail in strict CI)."""
    found = shutil.which(name)
    if not found:
        for p in paths:
            if Path(p).exists():
                found = p
                break
    if not found:
        message = f"{name} is not installed (apt-get install it; .ci/run does)"
        if STRICT:
            pytest.fail(f"EPLATNIK_STRICT=1: {message}")
        pytest.skip(message)
    return found


def run_cli(*args: str, basedir: Path | None = None, input_text: str | None = None,
            env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``eplatnik-cli`` as a separate process, as a user or a script would."""
    cmd = [sys.executable, "-m", "eplatnik.cli"]
    if basedir is not None:
        cmd += ["--basedir", str(basedir)]
    cmd += list(args)
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(cmd, capture_output=True, text=True, input=input_text, env=full_env,
                          timeout=timeout, check=False)
