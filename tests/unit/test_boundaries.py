"""Ratchets for the refactor of issue 15 (docs/architecture.md, "Boundaries"): they only let things get better.

Each check lists today's offenders in small data files, one per check and area:
``tests/unit/boundaries/<check>/<area>.txt`` (area = the top-level part of ``eplatnik``: ``forms``,
``gateway``, ``dashboard`` …). A check fails on a NEW offender (fix the code; never add lines) and on
an allowlisted entry that is GONE (delete that line: the allowlists only shrink, so the work done stays
done). Entries name a module and the function or class (not a line number), so unrelated edits never
break them.

(a) ``sql_outside_stores``: SQL, a database driver import or a statement-running Database call outside
    the store modules (``eplatnik/store/**``, ``*/store.py``, ``*/*_store.py``).
(b) ``sqlite_specific``: SQLite-only SQL or driver API outside ``eplatnik/store/**`` and the sandbox
    (ZUS's side keeps its own SQLite file).
(c) ``app_outside_entry_points``: a core module importing ``eplatnik.app`` (TYPE_CHECKING included) or
    taking an ``app`` parameter; only app.py, ui/, cli/ and the job worker may know ``App``.
(d) ``import_cycles``: package-level import edges (module level, lazy and TYPE_CHECKING) that lie on a
    cycle between parts of ``eplatnik``.
(e) ``stores_built_outside``: a ``*Store(``/``*Repo(`` constructed outside app.py and the store modules
    (the sandbox, a program of its own, builds its stores itself).

``python tests/unit/test_boundaries.py [check]`` prints the current inventory in the files' format.
"""

from __future__ import annotations

import ast
import functools
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "eplatnik"
ALLOWLISTS = Path(__file__).resolve().parent / "boundaries"
SEP = " :: "

#: a string constant that is an SQL statement (case-sensitive: English prose "Select a file" is not SQL)
SQL_STATEMENT = re.compile(
    r"^\s*(SELECT\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|REPLACE\s+INTO\s|UPDATE\s+\S+\s+SET\s|DELETE\s+FROM\s"
    r"|CREATE\s+(TABLE|(UNIQUE\s+)?INDEX|TRIGGER|VIEW)\s|ALTER\s+TABLE\s|DROP\s+(TABLE|INDEX|TRIGGER|VIEW)\s"
    r"|PRAGMA\s|WITH\s+(RECURSIVE\s+)?\w+(\s*\([^)]*\))?\s+AS\s*\(|BEGIN(\s+(IMMEDIATE|EXCLUSIVE|DEFERRED))?\s*;?$"
    r"|COMMIT\s*;?$|ROLLBACK\s*;?$)")
DRIVERS = ("sqlite3", "sqlalchemy", "psycopg", "psycopg2", "alembic")
#: Database methods that run statements (a service holding the Database instead of a store)
DB_CALLS = {"query", "scalar", "run", "transaction", "snapshot", "submit"}
#: SQLite-only SQL (in any string constant) and driver API (attributes)
SQLITE_SQL = {
    "INSERT OR": re.compile(r"\bINSERT\s+OR\s+(IGNORE|REPLACE|ABORT|FAIL|ROLLBACK)\b", re.I),
    "COLLATE NOCASE": re.compile(r"\bCOLLATE\s+NOCASE\b", re.I),
    "sqlite_master": re.compile(r"\bsqlite_(master|schema)\b"),
    "strftime(": re.compile(r"\bstrftime\s*\(", re.I),
    "PRAGMA": re.compile(r"\bPRAGMA\s"),
    "IS ?": re.compile(r"\bIS\s+(\?|:\w+)"),
    "no such table": re.compile(r"no such table", re.I),
}
SQLITE_API = {"lastrowid", "total_changes", "executescript"}
ENTRY_POINTS = ("app.py", "__main__.py", "ui/", "cli/", "jobs/worker.py", "jobs/__main__.py")


def _area(rel: str) -> str:
    return rel.split("/", 1)[0].removesuffix(".py")


def _is_store(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return rel.startswith("store/") or name == "store.py" or name.endswith("_store.py")


def _modules() -> list[tuple[str, ast.Module]]:
    return _parsed(PACKAGE)


@functools.cache
def _parsed(package: Path) -> list[tuple[str, ast.Module]]:
    return [(path.relative_to(package).as_posix(), ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
            for path in sorted(package.rglob("*.py")) if "__pycache__" not in path.parts]


def _chain(node: ast.AST) -> list[str]:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return parts[::-1]


def _string_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


class _Scoped(ast.NodeVisitor):
    """Visits a module knowing the qualified scope (Class.method.inner, or a module constant's name)."""

    def __init__(self, report: Callable[[str, ast.AST], None]) -> None:
        self.stack: list[str] = []
        self.kinds: list[str] = []
        self.report = report

    @property
    def scope(self) -> str:
        return ".".join(self.stack) or "<module>"

    def _push(self, name: str, kind: str, node: ast.AST) -> None:
        self.stack.append(name)
        self.kinds.append(kind)
        self.generic_visit(node)
        self.stack.pop()
        self.kinds.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._push(node.name, "def", node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._push(node.name, "def", node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._push(node.name, "class", node)

    def visit_Assign(self, node: ast.Assign) -> None:
        at_top = not self.kinds or self.kinds[-1] == "class"  # a module or class constant
        if at_top and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            self._push(node.targets[0].id, "constant", node)
        else:
            self.generic_visit(node)

    def visit_Expr(self, node: ast.Expr) -> None:
        if _string_text(node.value) is None:  # docstrings and bare strings are prose, not SQL
            self.generic_visit(node)

    def generic_visit(self, node: ast.AST) -> None:
        self.report(self.scope, node)
        super().generic_visit(node)


def _imported_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    return []


# -- the checks: each returns {area: {entry, ...}} ---------------------------------------------------------
Inventory = dict[str, set[str]]


def sql_outside_stores() -> Inventory:
    found: Inventory = defaultdict(set)
    for rel, tree in _modules():
        if _is_store(rel):
            continue

        def report(scope: str, node: ast.AST, rel: str = rel) -> None:
            text = _string_text(node) if isinstance(node, (ast.Constant, ast.JoinedStr)) else None
            if text is not None and SQL_STATEMENT.match(text):
                found[_area(rel)].add(SEP.join((rel, scope, "SQL " + text.split()[0])))
            for module in _imported_modules(node):
                if module.split(".")[0] in DRIVERS:
                    found[_area(rel)].add(SEP.join((rel, "import", module.split(".")[0])))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                chain = _chain(node.func)
                if len(chain) >= 2 and chain[-2] == "db" and chain[-1] in DB_CALLS:
                    found[_area(rel)].add(SEP.join((rel, scope, "db." + chain[-1])))

        _Scoped(report).visit(tree)
    return found


def sqlite_specific() -> Inventory:
    found: Inventory = defaultdict(set)
    for rel, tree in _modules():
        if rel.startswith(("store/", "sandbox/")):
            continue

        def report(scope: str, node: ast.AST, rel: str = rel) -> None:
            text = _string_text(node) if isinstance(node, (ast.Constant, ast.JoinedStr)) else None
            if text is not None:
                for name, pattern in SQLITE_SQL.items():
                    if pattern.search(text):
                        found[_area(rel)].add(SEP.join((rel, scope, name)))
            if isinstance(node, ast.Attribute) and node.attr in SQLITE_API:
                found[_area(rel)].add(SEP.join((rel, scope, "." + node.attr)))

        _Scoped(report).visit(tree)
    return found


def _imports_app(rel: str, node: ast.AST) -> bool:
    if isinstance(node, ast.Import):
        return any(a.name == "eplatnik.app" for a in node.names)
    if isinstance(node, ast.ImportFrom):
        if node.level == 0:
            return node.module == "eplatnik.app" or (node.module == "eplatnik" and
                                                      any(a.name == "app" for a in node.names))
        depth = rel.count("/")  # eplatnik/x/y.py imports ..app with level 2
        if node.level == depth + 1:
            return node.module == "app" or (node.module is None and any(a.name == "app" for a in node.names))
    return False


def app_outside_entry_points() -> Inventory:
    found: Inventory = defaultdict(set)
    for rel, tree in _modules():
        if rel.startswith(ENTRY_POINTS):
            continue

        def report(scope: str, node: ast.AST, rel: str = rel) -> None:
            if _imports_app(rel, node):
                found[_area(rel)].add(SEP.join((rel, "import", "eplatnik.app")))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                args = node.args
                for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
                    annotation = ast.unparse(arg.annotation).strip("'\"") if arg.annotation else ""
                    if arg.arg == "app" or re.fullmatch(r"(\w+\.)?App( \| None)?", annotation):
                        found[_area(rel)].add(SEP.join((rel, scope, f"takes {arg.arg}")))

        _Scoped(report).visit(tree)
    return found


def _module_name(rel: str) -> str:
    parts = ["eplatnik", *rel.removesuffix(".py").split("/")]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_edges() -> dict[tuple[str, str], set[str]]:
    """(from part, to part) -> modules of the first part that import the second (all import kinds)."""
    modules = {_module_name(rel): rel for rel, _ in _modules()}
    edges: dict[tuple[str, str], set[str]] = defaultdict(set)
    for rel, tree in _modules():
        name = _module_name(rel)
        is_package = rel.endswith("__init__.py")
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[:len(base) - (node.level - 1)]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in modules else module for a in node.names]
            for target in targets:
                if target in modules and target.startswith("eplatnik."):
                    a, b = _area(rel), _area(modules[target])
                    if a != b and a != "__init__" and b != "__init__":
                        edges[(a, b)].add(rel)
    return edges


def _cyclic(nodes: set[str], adjacency: dict[str, set[str]]) -> set[str]:
    """Edges "a>b" on a cycle: both ends in one strongly connected component (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(adjacency.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(set(component))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return {f"{a}>{b}" for comp in components for a in comp for b in adjacency.get(a, ()) if b in comp}


def import_cycles() -> Inventory:
    edges = _package_edges()
    adjacency: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        adjacency[a].add(b)
    found: Inventory = defaultdict(set)
    for pair in _cyclic(set(adjacency) | {b for _, b in edges}, adjacency):
        a, b = pair.split(">")
        found[a].add(f"{a} -> {b}")
    return found


def stores_built_outside() -> Inventory:
    found: Inventory = defaultdict(set)
    for rel, tree in _modules():
        if rel == "app.py" or _is_store(rel) or rel.startswith("sandbox/"):
            continue  # the sandbox is ZUS's side, a program of its own that builds its own stores

        def report(scope: str, node: ast.AST, rel: str = rel) -> None:
            if isinstance(node, ast.Call):
                chain = _chain(node.func)
                if chain and re.fullmatch(r"[A-Z]\w*(Store|Repo)", chain[-1]):
                    found[_area(rel)].add(SEP.join((rel, scope, chain[-1])))

        _Scoped(report).visit(tree)
    return found


CHECKS: dict[str, Callable[[], Inventory]] = {
    "sql_outside_stores": sql_outside_stores,
    "sqlite_specific": sqlite_specific,
    "app_outside_entry_points": app_outside_entry_points,
    "import_cycles": import_cycles,
    "stores_built_outside": stores_built_outside,
}


def allowlist(check: str) -> Inventory:
    listed: Inventory = defaultdict(set)
    for path in sorted((ALLOWLISTS / check).glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            entry = raw.strip()
            if entry and not entry.startswith("#"):
                listed[path.stem].add(entry)
    return listed


def _compare(check: str, current: Inventory, listed: Inventory) -> list[str]:
    problems = []
    for area in sorted(set(current) | set(listed)):
        file = (ALLOWLISTS / check / f"{area}.txt").relative_to(ROOT)
        new = sorted(current.get(area, set()) - listed.get(area, set()))
        gone = sorted(listed.get(area, set()) - current.get(area, set()))
        problems += [f"NEW offender (fix the code, do not add it to {file}): {e}" for e in new]
        problems += [f"gone, delete this line from {file}: {e}" for e in gone]
    return problems


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_boundary_ratchet(check):
    problems = _compare(check, CHECKS[check](), allowlist(check))
    assert not problems, f"{check} (see the docstring of {Path(__file__).name}):\n" + "\n".join(problems)


def test_the_checks_catch_what_they_are_meant_to(tmp_path, monkeypatch):
    """A probe package with one offender of each kind; the real tree is not touched."""
    probe = tmp_path / "eplatnik"
    (probe / "forms").mkdir(parents=True)
    (probe / "month").mkdir()
    (probe / "forms" / "__init__.py").write_text("")
    (probe / "month" / "__init__.py").write_text("")
    (probe / "app.py").write_text("from .forms.service import S\nCHEAP = SomeStore(1)\n")
    (probe / "forms" / "service.py").write_text(
        '"""SELECT in a docstring is prose."""\n'
        "import sqlite3\n"
        "from ..app import App\n"
        "from ..month.run import go\n"
        "class S:\n"
        "    def __init__(self, app: App, db):\n"
        "        self.db = db\n"
        "    def names(self):\n"
        "        label = 'Select a payer'\n"
        "        rows = self.db.query('SELECT name FROM payers WHERE x IS ? ORDER BY name COLLATE NOCASE', (1,))\n"
        "        return [label, MonthStore(self.db), rows]\n"
        "    def add(self, conn):\n"
        "        return conn.execute(f'INSERT OR IGNORE INTO t VALUES ({1})').lastrowid\n")
    (probe / "forms" / "store.py").write_text("import sqlite3\nQ = 'SELECT 1 FROM t'\nX = OtherStore()\n")
    (probe / "month" / "run.py").write_text("def go(app):\n    from ..forms import service\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", probe)
    assert sql_outside_stores() == {"forms": {
        "forms/service.py :: import :: sqlite3", "forms/service.py :: S.names :: SQL SELECT",
        "forms/service.py :: S.names :: db.query", "forms/service.py :: S.add :: SQL INSERT"}}
    assert sqlite_specific() == {"forms": {
        "forms/service.py :: S.names :: IS ?", "forms/service.py :: S.names :: COLLATE NOCASE",
        "forms/service.py :: S.add :: INSERT OR", "forms/service.py :: S.add :: .lastrowid"}}
    assert app_outside_entry_points() == {
        "forms": {"forms/service.py :: import :: eplatnik.app", "forms/service.py :: S.__init__ :: takes app"},
        "month": {"month/run.py :: go :: takes app"}}
    assert import_cycles() == {"forms": {"forms -> month", "forms -> app"},
                               "month": {"month -> forms"}, "app": {"app -> forms"}}
    assert stores_built_outside() == {"forms": {"forms/service.py :: S.names :: MonthStore"}}
    assert _compare("x", {"forms": {"a", "b"}}, {"forms": {"b", "c"}}) == [
        "NEW offender (fix the code, do not add it to tests/unit/boundaries/x/forms.txt): a",
        "gone, delete this line from tests/unit/boundaries/x/forms.txt: c"]


if __name__ == "__main__":
    for name in sys.argv[1:] or sorted(CHECKS):
        for area, entries in sorted(CHECKS[name]().items()):
            print(f"## {name}/{area}.txt")
            print("\n".join(sorted(entries)))
