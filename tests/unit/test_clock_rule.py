"""Time is an input: nothing but eplatnik/clock.py reads the machine's time (issue 12).

Every "today" and "now" comes from the program's clock (``App.clock``); SQL gets its timestamps
from Python. A line that must compare with the file system's own times says so with
``# machine time``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "eplatnik"
ALLOWED_FILES = {PACKAGE / "clock.py"}

#: attribute chains that read the machine's clock
FORBIDDEN_CALLS = {
    ("date", "today"), ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"),
    ("time", "time"), ("time", "time_ns"), ("time", "localtime"), ("time", "gmtime"), ("time", "ctime"),
    ("time", "strftime"),
}
SQL_NOW = re.compile(r"'now'|CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_TIME|\bnow\(\)", re.IGNORECASE)


def _chain(node: ast.AST) -> tuple[str, ...]:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return tuple(reversed(parts))


def _offences(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        where = f"{path.relative_to(PACKAGE.parent) if path.is_relative_to(PACKAGE) else path}:" \
                f"{getattr(node, 'lineno', 0)}"
        line = lines[node.lineno - 1] if hasattr(node, "lineno") else ""
        if "# machine time" in line:
            continue
        if isinstance(node, ast.Call):
            chain = _chain(node.func)
            if len(chain) >= 2 and chain[-2:] in FORBIDDEN_CALLS:
                found.append(f"{where}: {'.'.join(chain)}()")
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_NOW.search(node.value)
              and any(word in node.value.upper() for word in ("SELECT", "INSERT", "UPDATE", "DEFAULT", "STRFTIME"))):
            found.append(f"{where}: SQL reads the database's clock: {node.value[:60]!r}")
    return found


def test_only_the_clock_module_reads_the_machines_time():
    offences = [o for p in sorted(PACKAGE.rglob("*.py")) if p not in ALLOWED_FILES for o in _offences(p)]
    assert offences == [], "use the program's clock (App.clock / clock.py):\n" + "\n".join(offences)


def test_the_rule_catches_what_it_is_meant_to(tmp_path):
    bad = tmp_path / "probe.py"
    bad.write_text("import datetime as dt\nfrom datetime import date\nimport time\n"
                   "a = date.today()\nb = dt.datetime.now(dt.UTC)\nc = time.time()\n"
                   "d = \"UPDATE t SET at = strftime('%s', 'now')\"\n"
                   "e = time.time()  # machine time: mtimes\n", encoding="utf-8")
    assert len(_offences(bad)) == 4
