"""``eplatnik-cli``: headless commands over the same core as the GUI.

Command groups live in modules named ``*_cmds.py`` in this package; each defines
``register(subparsers)`` and sets ``func(args, ctx)`` on its parsers. They are discovered here, so
adding a group never touches this file.

Exit status: 0 success, 1 a failure the user must act on (or "invalid" for verify/validate),
2 invalid input (nothing written), 130 cancelled.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import pkgutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__, i18n
from ..errors import Cancelled, UserFacingError

if TYPE_CHECKING:
    from ..app import App

#: The command modules, in help order. Listed explicitly (not only discovered) so frozen builds find them.
COMMAND_MODULES = [
    "register_cmds", "forms_cmds", "signing_cmds", "gateway_cmds", "sandbox_cmds", "visits_cmds",
    "month_cmds", "account_cmds", "relief_cmds", "relief_send_cmds", "workspace_cmds", "params_cmds",
    "letters_cmds", "notify_cmds", "audit_cmds",
]


class CliContext:
    """Lazily opens the workspace so commands that do not need one (deadline, --version) stay fast."""

    def __init__(self, args: argparse.Namespace) -> None:
        from ..clock import default_clock

        self.args = args
        self._app: App | None = None
        #: the program's clock (the machine's time, or EPLATNIK_NOW); the workspace uses the same one
        self.clock = default_clock()

    @property
    def basedir(self) -> Path:
        from ..settings import default_basedir

        return Path(self.args.basedir) if self.args.basedir else default_basedir()

    @property
    def app(self):
        if self._app is None:
            from ..app import App

            self._app = App(self.basedir, gateway_url=self.args.gateway, language=self.args.lang,
                            clock=self.clock, database=self.args.database)
        return self._app

    def names_workspace(self) -> bool:
        """A workspace was named (--basedir, --database or EPLATNIK_DATABASE_URL)."""
        import os

        from ..app import DATABASE_URL_ENV

        return bool(self.args.basedir or self.args.database or os.environ.get(DATABASE_URL_ENV))

    def has_database(self) -> bool:
        """The workspace has a database to read (an office's address, or a SQLite file that exists): a
        command that only reads does not create one."""
        from ..app import database_location
        from ..settings import Settings

        location = database_location(Settings(self.basedir), self.args.database)
        return location.dialect != "sqlite" or bool(location.path and location.path.exists())

    def out(self, text: str = "") -> None:
        print(text)

    def err(self, text: str) -> None:
        """A note for the person beside the output (stderr), e.g. "the run pauses"."""
        print(text, file=sys.stderr, flush=True)

    def out_json(self, data: Any) -> None:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))

    def close(self) -> None:
        if self._app is not None:
            self._app.close()


def _available_modules() -> list[str]:
    names = list(COMMAND_MODULES)
    for info in pkgutil.iter_modules(__path__):
        if info.name.endswith("_cmds") and info.name not in names:
            names.append(info.name)
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eplatnik-cli",
        description="eplatnik — rejestr płatników, deklaracje KEDU, podpis, wysyłka i potwierdzenia ZUS.")
    parser.add_argument("--version", action="version", version=f"eplatnik {__version__}")
    parser.add_argument("--basedir", help="katalog roboczy (workspace); domyślnie katalog danych użytkownika")
    parser.add_argument("--database", metavar="URL",
                        help="baza danych: plik SQLite (domyślnie eplatnik.db w katalogu roboczym) albo baza biura "
                             "postgresql://użytkownik@serwer:5432/baza (też EPLATNIK_DATABASE_URL; hasło w ~/.pgpass "
                             "lub PGPASSWORD)")
    parser.add_argument("--gateway", help="adres bramki (np. piaskownicy uruchomionej osobno)")
    parser.add_argument("--lang", choices=i18n.SUPPORTED_LANGUAGES, help="język komunikatów (pl/en)")
    parser.add_argument("-v", "--verbose", action="store_true", help="więcej komunikatów diagnostycznych")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _available_modules():
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}":
                continue  # this command group is not part of this build
            raise
        module.register(sub)
    return parser


def open_job_workspace(request: dict[str, Any]) -> Any:
    """The workspace a background job's request names, as the program that started the job has it
    (its gateway override and, when running, its sandbox's URL)."""
    from ..app import App

    # the same database as the parent: its address comes without the password (PGPASSWORD in our environment)
    app = App(request["basedir"], gateway_url=request.get("gateway_url"), language=request.get("language"),
              database=request.get("database_url"))
    if request.get("sandbox_url"):
        app.embedded_sandbox_url_given = request["sandbox_url"]
    return app


def main(argv: list[str] | None = None) -> int:
    if (sys.argv[1:] if argv is None else argv)[:1] == ["__job__"]:  # a background job's child (jobs.process)
        from ..jobs.worker import main as job_main

        return job_main(open_job_workspace)
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.lang:
        i18n.set_language(args.lang)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    ctx = CliContext(args)
    try:
        result = args.func(args, ctx)
        return int(result or 0)
    except UserFacingError as exc:
        prefix = "błąd" if i18n.language() == "pl" else "error"
        print(f"{prefix}: {exc.render()}", file=sys.stderr)
        return exc.exit_code
    except Cancelled:
        print("przerwano" if i18n.language() == "pl" else "cancelled", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
