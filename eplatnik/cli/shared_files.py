"""``show`` / ``set FILE`` / ``remove`` for a file the whole workspace shares (workspace/shared_files.py):

    eplatnik-cli --database postgresql://… kedu schema set kedu_5_8.xsd   # checked, stored for every desk
    eplatnik-cli --database postgresql://… certs ca set nccert.pem
    eplatnik-cli --basedir ~/eplatnik kedu schema show | remove

A file that does not pass the checks: a Polish message, exit status 2, nothing stored.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..i18n import Text, t

NOTHING = t("Brak — nie ustawiono: {what}.", "None — not set: {what}.")


def register(sub: Any, kind: str, help_text: str) -> None:
    """Add ``show``, ``set FILE`` and ``remove`` of ``kind`` to ``sub`` (a subparsers action)."""
    group = sub.add_parser(kind_command(kind), help=help_text).add_subparsers(dest="file_action", metavar="ACTION")
    p = group.add_parser("show", help="co obowiązuje: nazwa pliku, kto i kiedy go zapisał")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=lambda args, ctx: cmd_show(args, ctx, kind))
    p = group.add_parser("set", help="sprawdź plik i zapisz jego treść dla całego obszaru roboczego (biura)")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=lambda args, ctx: cmd_set(args, ctx, kind))
    p = group.add_parser("remove", help="przestań go używać (na wszystkich stanowiskach biura)")
    p.set_defaults(func=lambda args, ctx: cmd_remove(args, ctx, kind))


def kind_command(kind: str) -> str:
    return {"kedu_schema": "schema", "ca_bundle": "ca"}[kind]


def _what(kind: str) -> str:
    from ..workspace.shared_files import KIND_NAMES

    return KIND_NAMES[kind].render()


def describe(found: Any) -> Text:
    """"kedu_5_8.xsd (z bazy biura, zapisał Anna Nowak (biuro-3:anowak) 06.12.2026)" and the like."""
    from ..formatting import date_text

    if found.stored is None:
        return t("{name} (ścieżka z ustawień: {path})", "{name} (path from the settings: {path})")(
            name=found.name, path=found.legacy_path)
    where = t("z bazy biura", "from the office database") if found.office else \
        t("z bazy obszaru roboczego", "from the workspace database")
    return t("{name} ({where}, zapisał {who} {when})", "{name} ({where}, stored by {who} {when})")(
        name=found.name, where=where.render(), who=found.stored.changed_by or "—",
        when=date_text(found.stored.changed_at))


def _as_dict(found: Any) -> dict[str, Any] | None:
    if found is None:
        return None
    stored = found.stored
    return {"name": found.name, "office": found.office, "legacy_path": found.legacy_path or None,
            "sha256": stored.sha256 if stored else None, "size": stored.size if stored else None,
            "changed_by": stored.changed_by if stored else None, "changed_at": stored.changed_at if stored else None}


def cmd_show(args: argparse.Namespace, ctx: Any, kind: str) -> int:
    found = ctx.app.shared_files.in_force(kind) if ctx.has_database() else None  # no workspace is created
    if args.json:
        ctx.out_json(_as_dict(found))
    else:
        ctx.out(describe(found).render() if found else NOTHING(what=_what(kind)).render())
    return 0


def cmd_set(args: argparse.Namespace, ctx: Any, kind: str) -> int:
    from ..workspace.shared_files import check, read_file

    check(kind, read_file(args.file, kind), args.file.name)  # refused before any workspace is opened
    ctx.app.shared_files.choose(kind, args.file)
    found = ctx.app.shared_files.in_force(kind)
    if args.json:
        ctx.out_json(_as_dict(found))
    else:
        ctx.out(t("Zapisano: {what}", "Stored: {what}")(what=describe(found).render()).render())
    return 0


def cmd_remove(args: argparse.Namespace, ctx: Any, kind: str) -> int:
    removed = ctx.app.shared_files.remove(kind)
    ctx.out((t("Usunięto.", "Removed.") if removed else NOTHING(what=_what(kind))).render())
    return 0
