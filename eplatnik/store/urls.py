"""Where the workspace database lives: a SQLite file (one seat, the default) or a PostgreSQL database
(an office, issue 16), given as a path or a URL.

``parse_database_url`` accepts

* a path (``Path`` or a string without ``://``), or ``sqlite:///<path>`` — a SQLite file;
* ``postgresql://user[:password]@host[:port]/database`` — also ``postgresql+psycopg://`` and
  ``postgres://``; the host may be left out (the local socket) and a few libpq options may follow
  as a query (``?sslmode=require``).

The password is kept, but never shown: ``str(url)``, ``repr(url)`` and :meth:`DatabaseUrl.redacted`
print ``***`` in its place, so a URL can go into a message or the log as it is. It may also come from
``PGPASSWORD`` or ``~/.pgpass`` (libpq reads them), in which case the URL carries none.

Parsing needs neither SQLAlchemy nor the driver (it runs on the start-up path). A malformed URL is a
:class:`DatabaseUrlError`, a UserFacingError with exit code 2 (invalid input) and a hint.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from ..errors import UserFacingError
from ..i18n import Text, t

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

DEFAULT_PG_PORT = 5432
PG_SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")
#: libpq connection options a URL may carry in its query (anything else is more likely a typo)
PG_QUERY_OPTIONS = frozenset({
    "sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword", "connect_timeout", "target_session_attrs",
    "host", "gssencmode", "krbsrvname",
})

URL_INVALID = t("Adres bazy danych „{url}” jest niepoprawny: {reason}.",
                "The database address “{url}” is not valid: {reason}.")
URL_HINT = t("Podaj ścieżkę do pliku bazy (SQLite) albo adres serwera PostgreSQL w postaci "
             "postgresql://użytkownik@serwer:5432/nazwa_bazy (hasło najlepiej w pliku ~/.pgpass).",
             "Give the path of a database file (SQLite) or a PostgreSQL address such as "
             "postgresql://user@server:5432/database_name (the password best in ~/.pgpass).")
REASON_SCHEME = t("nieobsługiwany rodzaj bazy „{scheme}” (obsługiwane: postgresql, sqlite)",
                  "unsupported kind of database “{scheme}” (supported: postgresql, sqlite)")
REASON_NO_DATABASE = t("brak nazwy bazy danych po ukośniku", "the database name after the slash is missing")
REASON_PORT = t("port musi być liczbą od 1 do 65535", "the port must be a number from 1 to 65535")
REASON_OPTION = t("nieznana opcja „{option}”", "unknown option “{option}”")
REASON_SQLITE_PATH = t("brak ścieżki do pliku bazy", "the path of the database file is missing")
REASON_EMPTY = t("adres jest pusty", "the address is empty")
REASON_SPACES = t("adres zawiera spacje lub znaki sterujące", "the address contains spaces or control characters")


class DatabaseUrlError(UserFacingError):
    """A database path/URL that cannot be used as written; nothing was opened."""

    exit_code = 2


@dataclass(frozen=True)
class DatabaseUrl:
    dialect: Literal["sqlite", "postgresql"]
    #: SQLite: the database file
    path: Path | None = None
    host: str = ""
    port: int = DEFAULT_PG_PORT
    database: str = ""
    username: str = ""
    password: str | None = field(default=None, repr=False, compare=False)
    #: libpq options from the URL's query, in their order
    options: tuple[tuple[str, str], ...] = ()

    # -- how it is shown (never the password) --------------------------------------------------------------
    def redacted(self) -> str:
        """The URL as a person may see it: the password (if any) replaced by ``***``."""
        if self.dialect == "sqlite":
            return f"sqlite:///{self.path}"
        auth = quote(self.username, safe="") if self.username else ""
        if self.password is not None:
            auth += ":***"
        netloc = (auth + "@" if auth else "") + self.server
        query = "&".join(f"{k}={quote(v, safe='/')}" for k, v in self.options)
        return f"postgresql://{netloc}/{quote(self.database, safe='')}" + (f"?{query}" if query else "")

    @property
    def server(self) -> str:
        """``host:port`` (PostgreSQL), for messages: "the server 10.0.0.5:5432"."""
        host = self.host or "localhost"
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"  # IPv6
        return f"{host}:{self.port}"

    def __str__(self) -> str:
        return self.redacted()

    def __repr__(self) -> str:
        return f"DatabaseUrl({self.redacted()!r})"

    def without_password(self) -> DatabaseUrl:
        """The same database with no password in it: what may be handed to a job child (on stdin) or
        stored in the seat's settings; the child or the next start gets the password from
        ``PGPASSWORD`` (its environment) or ``~/.pgpass``, which libpq reads by itself."""
        return replace(self, password=None)

    # -- for the engine ------------------------------------------------------------------------------------
    def sqlalchemy_url(self) -> URL:
        """The SQLAlchemy URL (psycopg 3 driver for PostgreSQL); its own repr hides the password too."""
        from sqlalchemy.engine import URL

        if self.dialect == "sqlite":
            return URL.create("sqlite+pysqlite", database=str(self.path))
        return URL.create("postgresql+psycopg", username=self.username or None, password=self.password,
                          host=self.host or None, port=self.port, database=self.database,
                          query=dict(self.options))


def parse_database_url(value: str | Path | DatabaseUrl) -> DatabaseUrl:
    """A path or URL as the person wrote it (``--database``, ``EPLATNIK_DATABASE_URL``) → DatabaseUrl."""
    if isinstance(value, DatabaseUrl):
        return value
    if isinstance(value, Path):
        return DatabaseUrl("sqlite", path=value)
    text = value.strip()
    if not text:
        raise _invalid(value, REASON_EMPTY)
    if "://" not in text:
        return DatabaseUrl("sqlite", path=Path(text))
    scheme, _, rest = text.partition("://")
    scheme = scheme.lower()
    if scheme in ("sqlite", "sqlite+pysqlite"):
        path = rest[1:] if rest.startswith("/") else rest  # sqlite:///relative, sqlite:////absolute
        if not path:
            raise _invalid(value, REASON_SQLITE_PATH)
        return DatabaseUrl("sqlite", path=Path(unquote(path)))
    if scheme not in PG_SCHEMES:
        raise _invalid(value, REASON_SCHEME(scheme=scheme))
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise _invalid(value, REASON_SPACES)
    parts = urlsplit("postgresql://" + rest)
    try:
        port = parts.port
    except ValueError:
        raise _invalid(value, REASON_PORT) from None
    if port is not None and not 1 <= port <= 65535:
        raise _invalid(value, REASON_PORT)
    database = unquote(parts.path.lstrip("/"))
    if not database or "/" in database:
        raise _invalid(value, REASON_NO_DATABASE)
    options = tuple(parse_qsl(parts.query, keep_blank_values=True))
    for key, _value in options:
        if key not in PG_QUERY_OPTIONS:
            raise _invalid(value, REASON_OPTION(option=key))
    return DatabaseUrl(
        "postgresql",
        host=unquote(parts.hostname or ""),
        port=port or DEFAULT_PG_PORT,
        database=database,
        username=unquote(parts.username or ""),
        password=None if parts.password is None else unquote(parts.password),
        options=options,
    )


def _invalid(value: str | Path, reason: Text) -> DatabaseUrlError:
    return DatabaseUrlError(URL_INVALID(url=_redact_raw(str(value)), reason=reason), hint=URL_HINT)


def _redact_raw(text: str) -> str:
    """Hide what may be a password in a URL that could not be parsed: ``user:secret@`` → ``user:***@``."""
    scheme, sep, rest = text.partition("://")
    if not sep or "@" not in rest:
        return text
    auth, _, after = rest.rpartition("@")
    if ":" in auth:
        auth = auth.split(":", 1)[0] + ":***"
    return f"{scheme}://{auth}@{after}"
