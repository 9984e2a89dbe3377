"""One typed settings schema; paths from platformdirs.

Every setting has a **scope**: ``seat`` — what belongs to this desk (the accountant sitting here, the
card reader's module, the proxy of this machine, the language) — or ``workspace`` — what the whole
office shares (the gateway profile and its addresses, the KEDU schema file, the trusted CA bundle,
e-visit and e-mail settings). ``Settings`` dispatches each ``get``/``set`` to ``SeatSettings`` or
``WorkspaceSettings`` by the variable's scope, so callers keep writing ``settings.get(X)``.
The seat's part is ``settings.json`` in the workspace folder. The workspace part is in the same file
for a workspace of one seat (SQLite); when an office shares a database on a server (issue 16), it is
the database's table ``workspace_settings`` (``store/settings_store.py``, attached by
``Settings.share_workspace``), so every seat reads the same value.

A workspace is a directory (``--basedir`` or the user's data directory) holding ``eplatnik.db``,
``settings.json``, ``documents/`` (evidence files), ``logs/`` and ``backups/``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Literal, Protocol, TypeVar

from . import APP_NAME
from .fsutil import atomic_write_text

T = TypeVar("T")
Scope = Literal["seat", "workspace"]
SEAT: Scope = "seat"
WORKSPACE: Scope = "workspace"


@dataclass(frozen=True)
class ConfigVar(Generic[T]):
    key: str
    default: T
    type: type
    description: str
    choices: tuple[Any, ...] | None = None
    scope: Scope | Literal[""] = ""   # every variable names one (a test checks)

    def coerce(self, value: Any) -> T:
        if value is None:
            return self.default
        if self.type is bool and isinstance(value, str):
            value = value.strip().lower() in {"1", "true", "yes", "tak", "on"}
        value = self.type(value)
        if self.choices is not None and value not in self.choices:
            raise ValueError(f"{self.key}: {value!r} not in {self.choices}")
        return value


SANDBOX_PROFILE = "sandbox"
PRODUCTION_PROFILE = "production"
CUSTOM_PROFILE = "custom"

LANGUAGE = ConfigVar("language", "pl", str, "User interface language", ("pl", "en"), scope=SEAT)
GATEWAY_PROFILE = ConfigVar("gateway.profile", SANDBOX_PROFILE, str,
                            "Which gateway documents are sent to",
                            (SANDBOX_PROFILE, PRODUCTION_PROFILE, CUSTOM_PROFILE), scope=WORKSPACE)
GATEWAY_URL = ConfigVar("gateway.url", "", str, "Gateway URL for the custom profile", scope=WORKSPACE)
PRODUCTION_GATEWAY_URL = ConfigVar("gateway.production_url", "", str,
                                   "ZUS EWD endpoint (requires ZUS acceptance of the interface software)",
                                   scope=WORKSPACE)
GATEWAY_TIMEOUT = ConfigVar("gateway.timeout_seconds", 30.0, float, "Timeout of one gateway call", scope=WORKSPACE)
DATABASE_URL = ConfigVar("database.url", "", str,
                         "Workspace database: empty for the SQLite file in the workspace folder, or an office's "
                         "postgresql://user@host:port/database (the password never here: ~/.pgpass or PGPASSWORD)",
                         scope=SEAT)
ACCOUNTANT = ConfigVar("office.current_accountant", "", str, "Name of the accountant using this seat", scope=SEAT)
PKCS11_MODULE = ConfigVar("signing.pkcs11_module", "", str, "Path of the PKCS#11 module of the card reader", scope=SEAT)
P12_PATH = ConfigVar("signing.p12_path", "", str, "Last used PKCS#12 file", scope=SEAT)
TRUST_BUNDLE = ConfigVar("signing.ca_bundle", "", str, "CA bundle (PEM) used to verify signatures", scope=WORKSPACE)
KEDU_SCHEMA = ConfigVar("kedu.official_schema", "", str, "Optional official KEDU XSD to validate against",
                        scope=WORKSPACE)
VISIT_SLOT_MINUTES = ConfigVar("visits.slot_minutes", 20, int, "Length of one e-visit slot (assumption)",
                               scope=WORKSPACE)
SMTP_HOST = ConfigVar("smtp.host", "", str, "SMTP server for e-mail reminders", scope=WORKSPACE)
SMTP_PORT = ConfigVar("smtp.port", 587, int, "SMTP port (587 STARTTLS, 465 SSL/TLS, 25 plain)", scope=WORKSPACE)
SMTP_SECURITY = ConfigVar("smtp.security", "starttls", str, "Encryption of the SMTP connection",
                          ("starttls", "ssl", "none"), scope=WORKSPACE)
SMTP_USER = ConfigVar("smtp.username", "", str, "SMTP login (empty: no login)", scope=WORKSPACE)
# a secret: it stays with the seat (settings.json, readable by the user only) and never goes into a
# database an office shares
SMTP_PASSWORD = ConfigVar("smtp.password", "", str,
                          "SMTP password (kept in settings.json, which only the user can read)", scope=SEAT)
SMTP_SENDER = ConfigVar("smtp.sender", "eplatnik@localhost", str, "From address for e-mails", scope=WORKSPACE)
DIRECT_PROXY = "direct"  # net.proxy's value for "no proxy, whatever the environment says"
# a path on this desk's disk (as the .p12 path): an office shares the server's name, not a file of one desk
SMTP_CA_FILE = ConfigVar("smtp.ca_file", "", str, "Extra CA certificate (PEM) for an office SMTP server",
                         scope=SEAT)
NOTIFY_EMAIL_TO = ConfigVar("notify.email_to", "", str,
                            "Address told by e-mail when letters from ZUS arrive or a set is rejected (empty: off)",
                            scope=WORKSPACE)
NET_PROXY = ConfigVar("net.proxy", "", str,
                      "Proxy for connections from this seat: empty = from the environment (HTTPS_PROXY, "
                      "NO_PROXY), 'direct' = none, else the proxy's URL (loopback never uses it)", scope=SEAT)
NET_NO_PROXY = ConfigVar("net.no_proxy", "", str, "Hosts that bypass the proxy set in net.proxy (comma separated)",
                         scope=SEAT)
EXPIRY_WARNING_DAYS = ConfigVar("ui.expiry_warning_days", 30, int,
                                "Authorisations and certificates expiring within this many days are flagged",
                                scope=WORKSPACE)
WINDOW_GEOMETRY = ConfigVar("ui.window_geometry", "", str,
                            "Main window position and size at this seat (Qt saveGeometry, base64)", scope=SEAT)

ALL_VARS: dict[str, ConfigVar[Any]] = {
    v.key: v for v in (LANGUAGE, GATEWAY_PROFILE, GATEWAY_URL, PRODUCTION_GATEWAY_URL, GATEWAY_TIMEOUT,
                       ACCOUNTANT, PKCS11_MODULE, P12_PATH, TRUST_BUNDLE, KEDU_SCHEMA, VISIT_SLOT_MINUTES,
                       SMTP_HOST, SMTP_PORT, SMTP_SECURITY, SMTP_USER, SMTP_PASSWORD, SMTP_SENDER, SMTP_CA_FILE,
                       NOTIFY_EMAIL_TO, EXPIRY_WARNING_DAYS, WINDOW_GEOMETRY, NET_PROXY, NET_NO_PROXY,
                       DATABASE_URL)
}


def default_basedir() -> Path:
    env = os.environ.get("EPLATNIK_BASEDIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def demo_basedir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo-workspace"


class SettingsFile:
    """``settings.json`` in a workspace folder: the stored values of both scopes today."""

    FILENAME = "settings.json"

    def __init__(self, basedir: Path) -> None:
        self.basedir = Path(basedir)
        self.path = self.basedir / self.FILENAME
        self.values: dict[str, Any] = {}
        if self.path.exists():
            try:
                self.values = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.values = {}

    def get_all(self) -> dict[str, Any]:
        return dict(self.values)

    def put(self, key: str, value: Any) -> None:
        self.values[key] = value
        self.save()

    def save(self) -> None:
        self.basedir.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, json.dumps(self.values, indent=2, ensure_ascii=False, sort_keys=True))


class SettingsBackend(Protocol):
    """Where one scope's values are kept (``SettingsFile`` today; a database table for an office)."""

    def get_all(self) -> dict[str, Any]: ...

    def put(self, key: str, value: Any) -> None: ...


class ScopedSettings:
    """Typed access to the settings of one scope; a variable of the other scope is refused."""

    scope: Scope

    def __init__(self, backend: SettingsBackend) -> None:
        self.backend = backend

    def _check(self, var: ConfigVar[Any]) -> None:
        if var.scope != self.scope:
            raise ValueError(f"{var.key} is a {var.scope or 'scope-less'} setting, not a {self.scope} one")

    def get(self, var: ConfigVar[T]) -> T:
        self._check(var)
        try:
            return var.coerce(self.backend.get_all().get(var.key))
        except (TypeError, ValueError):
            return var.default

    def set(self, var: ConfigVar[T], value: T) -> None:
        self._check(var)
        self.backend.put(var.key, var.coerce(value))

    def as_dict(self) -> dict[str, Any]:
        return {key: self.get(var) for key, var in ALL_VARS.items() if var.scope == self.scope}


class SeatSettings(ScopedSettings):
    """What belongs to this desk: it stays in the seat's own folder even when an office shares a database."""

    scope = SEAT


class WorkspaceSettings(ScopedSettings):
    """What the whole office shares (gateway, schema, trust, e-visits, e-mail)."""

    scope = WORKSPACE


class Settings:
    """Typed access to a workspace's settings: ``get``/``set`` go to the seat's or the workspace's
    part by the variable's scope."""

    FILENAME = SettingsFile.FILENAME

    def __init__(self, basedir: Path) -> None:
        self.basedir = Path(basedir)
        self.file = SettingsFile(self.basedir)
        self.path = self.file.path
        self.seat = SeatSettings(self.file)
        self.workspace = WorkspaceSettings(self.file)

    def share_workspace(self, backend: SettingsBackend) -> None:
        """Keep the workspace-scoped settings in ``backend`` (the office database) from now on."""
        self.workspace = WorkspaceSettings(backend)

    def workspace_values_in_file(self) -> dict[str, Any]:
        """The workspace-scoped values stored in this seat's settings.json (what an office adopts)."""
        return {key: value for key, value in self.file.get_all().items()
                if key in ALL_VARS and ALL_VARS[key].scope == WORKSPACE}

    def part(self, var: ConfigVar[Any]) -> ScopedSettings:
        return self.seat if var.scope == SEAT else self.workspace

    def get(self, var: ConfigVar[T]) -> T:
        return self.part(var).get(var)

    def set(self, var: ConfigVar[T], value: T) -> None:
        self.part(var).set(var, value)

    def save(self) -> None:
        self.file.save()

    def as_dict(self) -> dict[str, Any]:
        return {key: self.get(var) for key, var in ALL_VARS.items()}

    # -- paths --------------------------------------------------------------------------------
    @property
    def db_path(self) -> Path:
        return self.basedir / "eplatnik.db"

    @property
    def documents_dir(self) -> Path:
        return self.basedir / "documents"

    @property
    def logs_dir(self) -> Path:
        return self.basedir / "logs"

    @property
    def backups_dir(self) -> Path:
        return self.basedir / "backups"

    @property
    def params_dir(self) -> Path:
        """Contribution parameter files installed into this workspace (they win over the packaged ones)."""
        return self.basedir / "params"
