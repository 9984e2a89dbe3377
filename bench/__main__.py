"""Run every ``bench/bench_*.py`` (or the ones named): ``python -m bench [name ...] [-- args]``."""

from __future__ import annotations

import importlib
import pkgutil
import platform
import sys
import time
from pathlib import Path


def machine() -> str:
    import os

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.machine()}"
    return f"{system}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def main(argv: list[str]) -> int:
    names = [a for a in argv if not a.startswith("-")]
    here = [str(Path(__file__).parent)]
    available = sorted(m.name for m in pkgutil.iter_modules(here) if m.name.startswith("bench_"))
    chosen = [n if n.startswith("bench_") else f"bench_{n}" for n in names] or available
    print(f"# machine: {machine()}", flush=True)
    failures = 0
    for name in chosen:
        module = importlib.import_module(f"bench.{name}")
        print(f"# {name}", flush=True)
        start = time.perf_counter()
        try:
            module.main([])
        except Exception as exc:
            failures += 1
            print(f"# {name} failed: {exc!r}", flush=True)
        print(f"# {name} took {time.perf_counter() - start:.1f} s", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
