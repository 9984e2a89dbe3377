"""Background-job tests: the sample jobs of tests/fixtures/jobs importable in the child process, and
helpers to watch a child from outside (its counter file, whether its process is still alive)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

JOBS = Path(__file__).resolve().parent.parent / "fixtures" / "jobs"


@pytest.fixture
def sample_jobs(monkeypatch):
    """Put tests/fixtures/jobs on the child's path (``sample_jobs:count`` etc.)."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(JOBS), os.environ.get("PYTHONPATH", "")]))


def read_counter(path: Path) -> tuple[int, int]:
    """(pid, count) written by ``sample_jobs:tick_until_stopped``; (0, -1) before its first write."""
    try:
        pid, n = path.read_text().split()
        return int(pid), int(n)
    except (FileNotFoundError, ValueError):
        return 0, -1


def process_alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False
