"""Benchmarks (``make bench``); never run by ``make test``. Results go to docs/performance.md."""
