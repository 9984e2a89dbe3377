"""Contribution parameters: ``params list [--json]``, ``params show YEAR``, ``params install FILE``.

    eplatnik-cli --basedir /tmp/biuro params list
    eplatnik-cli --basedir /tmp/biuro params show 2027 [--month 2] [--json]
    eplatnik-cli --basedir /tmp/biuro params install 2027.json     # invalid: exit 2, nothing written
    eplatnik-cli --basedir /tmp/biuro params remove 2027           # the packaged figures apply again

Installed files are stored in the workspace's database — an office's PostgreSQL database: every desk
computes with them at once — and win over the program's own (docs/parameters.md, docs/office.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..i18n import Text, t
from ..params.labels import STATUS_NAMES, figure_name
from ..params.model import INSTALLED, OFFICE, Entry, YearFile
from ..period import Period
from ..settings import Settings

ORIGINS = {"packaged": t("wbudowany w program", "packaged with the program"),
           INSTALLED: t("zainstalowany w obszarze roboczym", "installed in the workspace"),
           OFFICE: t("z bazy biura", "from the office database")}


def register(sub: argparse._SubParsersAction) -> None:
    params = sub.add_parser("params", help="parametry składek na lata (stawki, kwoty, źródła, status)").add_subparsers(
        dest="sub", metavar="ACTION")
    p = params.add_parser("list", help="lata, status (ostateczne/projekt/prognoza), źródła i pochodzenie plików")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = params.add_parser("show", help="wszystkie wartości roku: od kiedy obowiązują, status, źródło")
    p.add_argument("year", type=int)
    p.add_argument("--month", type=int, help="tylko wartości obowiązujące w tym miesiącu (1–12)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)
    p = params.add_parser("install", help="zainstaluj plik parametrów roku w obszarze roboczym (sprawdzany ze "
                                          "schematem; błędny: kod 2, nic nie zapisano)")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_install)
    p = params.add_parser("remove", help="usuń plik zainstalowany na dany rok (znów obowiązuje wbudowany; w bazie "
                                         "biura: na wszystkich stanowiskach)")
    p.add_argument("year", type=int)
    p.set_defaults(func=cmd_remove)


def store_of(ctx, *, create: bool = False):
    """The workspace's parameter files (``params.store.ParamsStore``): those installed into its database
    (an office's: every desk's), and the files an older version wrote into ``<workspace>/params``. A
    workspace that has no database yet is not created for reading (the packaged years answer) — only
    with ``create`` (``params install``)."""
    from ..app import params_store

    if create or ctx.has_database():
        return ctx.app.params
    return params_store(Settings(ctx.basedir))


def _entry_line(e: Entry) -> str:
    status = STATUS_NAMES[e.status].render()
    value = e.value if not isinstance(e.value, (dict, list)) else _compact(e.value)
    derived = f" = {e.derived.describe()}" if e.derived else ""
    since = t("od", "from").render()
    return f"{figure_name(e.figure).render()} [{e.figure}] {since} {e.applies_from}: {value}{derived} — {status}"


def _compact(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _where(f: YearFile) -> str:
    """The file's path, or for a file stored in the workspace's database who installed it and when."""
    if not f.changed_at:
        return str(f.path)
    from ..formatting import date_text

    where = t("w bazie biura (zainstalował {who}, {when})", "in the office database (installed by {who}, {when})") \
        if f.origin == OFFICE else t("w bazie danych obszaru roboczego (zainstalował {who}, {when})",
                                     "in the workspace's database (installed by {who}, {when})")
    return where(who=f.changed_by or "—", when=date_text(f.changed_at)).render()


def _year_text(f: YearFile) -> list[str]:
    origin = ORIGINS[f.origin].render()
    if f.packaged_path is not None:
        origin += t(" (zastępuje wbudowany)", " (overrides the packaged one)").render()
    if f.problem is not None:
        return [f"{f.year}  {origin}  {t('BŁĄD', 'ERROR').render()}: {f.problem.render()}", f"      {_where(f)}"]
    if f.provisional:
        state = t("nieostateczne: {n} wartości (projekt/prognoza)", "not final: {n} figures (draft/forecast)")(
            n=len(f.provisional)).render()
    else:
        state = t("wszystkie ostateczne", "all final").render()
    lines = [f"{f.year}  {state}  —  {origin}, {t('przygotowano', 'prepared').render()} {f.prepared or '—'}",
             f"      {_where(f)}  sha256={f.sha256[:16]}…"]
    for e in f.provisional:
        lines.append(f"      {_entry_line(e)}")
        lines.append(f"          {t('źródło', 'source').render()}: {e.source}")
        if e.final_when:
            lines.append(f"          {t('ostateczne', 'final').render()}: {e.final_when}")
    lines.append(f"      {t('źródeł', 'sources').render()}: {len(f.sources)} "
                 f"({t('wszystkie', 'all').render()}: eplatnik-cli params show {f.year})")
    return lines


def cmd_list(args, ctx) -> int:
    files = store_of(ctx).list()
    if args.json:
        ctx.out_json([f.as_dict() for f in files])
        return 0
    for f in files:
        for line in _year_text(f):
            ctx.out(line)
    return 0 if all(f.problem is None for f in files) else 1


def cmd_show(args, ctx) -> int:
    store = store_of(ctx)
    data = store.year_data(args.year)
    entries = data.entries()
    if args.month:
        period = Period(args.year, args.month)
        entries = [data.entry(name, period) for name in sorted(data.figures)]
    if args.json:
        ctx.out_json({"year": data.year, "origin": data.origin, "path": str(data.path), "sha256": data.sha256,
                      "prepared": data.prepared, "status": str(data.status), "about": data.about,
                      "entries": [e.as_dict() for e in entries]})
        return 0
    origin = ORIGINS[data.origin].render()
    ctx.out(f"{data.year}: {origin} — {data.path}")
    if data.about:
        ctx.out(data.about)
    for e in entries:
        ctx.out(_entry_line(e))
        ctx.out(f"    {t('źródło', 'source').render()}: {e.source}")
        if e.note:
            ctx.out(f"    {t('uwaga', 'note').render()}: {e.note}")
        if e.final_when:
            ctx.out(f"    {t('ostateczne', 'final').render()}: {e.final_when}")
    return 0


def cmd_install(args, ctx) -> int:
    store_of(ctx).check_file(args.file)  # a refused file creates no workspace either (exit 2, nothing written)
    installed = store_of(ctx, create=True).install(args.file)
    if args.json:
        ctx.out_json(installed.as_dict())
        return 0
    message = t("Zainstalowano parametry na {year} r.: {path}{over}.", "Installed the {year} parameters: {path}{over}.")
    over = Text(" (zastępują wbudowane w program)", " (they override the packaged ones)") \
        if installed.packaged_path else Text("", "")
    ctx.out(message(year=installed.year, path=_where(installed), over=over.render()).render())
    for line in _year_text(installed)[2:]:
        ctx.out(line)
    return 0


def cmd_remove(args, ctx) -> int:
    removed = store_of(ctx).remove(args.year)
    if removed:
        ctx.out(t("Usunięto plik parametrów zainstalowany na {year} r.",
                  "Removed the parameter file installed for {year}.")(year=args.year).render())
        return 0
    ctx.out(t("Na {year} r. nie zainstalowano pliku parametrów.", "No parameter file is installed for {year}.")(
        year=args.year).render())
    return 1
