"""One typed settings schema, stored as JSON in the workspace; paths from platformdirs.

A workspace is a directory (``--basedir`` or the user's data directory) holding ``eplatnik.db``,
``settings.json``, ``documents/`` (evidence files), ``logs/`` and ``backups/``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from . import APP_NAME
from .fsutil import atomic_write_text

T = TypeVar("T")


@dataclass(frozen=True)
class ConfigVar(Generic[T]):
    key: str
    default: T
    type: type
    description: str
    choices: tuple[Any, ...] | None = None

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

LANGUAGE = ConfigVar("language", "pl", str, "User interface language", ("pl", "en"))
GATEWAY_PROFILE = ConfigVar("gateway.profile", SANDBOX_PROFILE, str,
                            "Which gateway documents are sent to",
                            (SANDBOX_PROFILE, PRODUCTION_PROFILE, CUSTOM_PROFILE))
GATEWAY_URL = ConfigVar("gateway.url", "", str, "Gateway URL for the custom profile")
PRODUCTION_GATEWAY_URL = ConfigVar("gateway.production_url", "", str,
                                   "ZUS EWD endpoint (requires ZUS acceptance of the interface software)")
GATEWAY_TIMEOUT = ConfigVar("gateway.timeout_seconds", 30.0, float, "Timeout of one gateway call")
ACCOUNTANT = ConfigVar("office.current_accountant", "", str, "Name of the accountant using this seat")
PKCS11_MODULE = ConfigVar("signing.pkcs11_module", "", str, "Path of the PKCS#11 module of the card reader")
P12_PATH = ConfigVar("signing.p12_path", "", str, "Last used PKCS#12 file")
TRUST_BUNDLE = ConfigVar("signing.ca_bundle", "", str, "CA bundle (PEM) used to verify signatures")
KEDU_SCHEMA = ConfigVar("kedu.official_schema", "", str, "Optional official KEDU XSD to validate against")
VISIT_SLOT_MINUTES = ConfigVar("visits.slot_minutes", 20, int, "Length of one e-visit slot (assumption)")
SMTP_HOST = ConfigVar("smtp.host", "", str, "SMTP server for e-mail reminders")
SMTP_PORT = ConfigVar("smtp.port", 587, int, "SMTP port (587 STARTTLS, 465 SSL/TLS, 25 plain)")
SMTP_SECURITY = ConfigVar("smtp.security", "starttls", str, "Encryption of the SMTP connection",
                          ("starttls", "ssl", "none"))
SMTP_USER = ConfigVar("smtp.username", "", str, "SMTP login (empty: no login)")
SMTP_PASSWORD = ConfigVar("smtp.password", "", str,
                          "SMTP password (kept in settings.json, which only the user can read)")
SMTP_SENDER = ConfigVar("smtp.sender", "eplatnik@localhost", str, "From address for e-mails")
SMTP_CA_FILE = ConfigVar("smtp.ca_file", "", str, "Extra CA certificate (PEM) for an office SMTP server")
NOTIFY_EMAIL_TO = ConfigVar("notify.email_to", "", str,
                            "Address told by e-mail when letters from ZUS arrive or a set is rejected (empty: off)")
NET_PROXY = ConfigVar("net.proxy", "", str,
                      "Proxy for connections from this seat: empty = from the environment (HTTPS_PROXY, "
                      "NO_PROXY), 'direct' = none, else the proxy's URL (loopback never uses it)")
NET_NO_PROXY = ConfigVar("net.no_proxy", "", str, "Hosts that bypass the proxy set in net.proxy (comma separated)")
EXPIRY_WARNING_DAYS = ConfigVar("ui.expiry_warning_days", 30, int,
                                "Authorisations and certificates expiring within this many days are flagged")
WINDOW_GEOMETRY = ConfigVar("ui.window_geometry", "", str,
                            "Main window position and size at this seat (Qt saveGeometry, base64)")

ALL_VARS: dict[str, ConfigVar[Any]] = {
    v.key: v for v in (LANGUAGE, GATEWAY_PROFILE, GATEWAY_URL, PRODUCTION_GATEWAY_URL, GATEWAY_TIMEOUT,
                       ACCOUNTANT, PKCS11_MODULE, P12_PATH, TRUST_BUNDLE, KEDU_SCHEMA, VISIT_SLOT_MINUTES,
                       SMTP_HOST, SMTP_PORT, SMTP_SECURITY, SMTP_USER, SMTP_PASSWORD, SMTP_SENDER, SMTP_CA_FILE,
                       NOTIFY_EMAIL_TO, EXPIRY_WARNING_DAYS, WINDOW_GEOMETRY, NET_PROXY, NET_NO_PROXY)
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


class Settings:
    """Typed access to ``settings.json`` in a workspace directory."""

    FILENAME = "settings.json"

    def __init__(self, basedir: Path) -> None:
        self.basedir = Path(basedir)
        self.path = self.basedir / self.FILENAME
        self._values: dict[str, Any] = {}
        if self.path.exists():
            try:
                self._values = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._values = {}

    def get(self, var: ConfigVar[T]) -> T:
        try:
            return var.coerce(self._values.get(var.key))
        except (TypeError, ValueError):
            return var.default

    def set(self, var: ConfigVar[T], value: T) -> None:
        self._values[var.key] = var.coerce(value)
        self.save()

    def save(self) -> None:
        self.basedir.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, json.dumps(self._values, indent=2, ensure_ascii=False, sort_keys=True))

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
