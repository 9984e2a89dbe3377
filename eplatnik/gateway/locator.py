"""``GatewayLocator``: which gateway the workspace talks to — one answer for submission, letters and
e-visits (the sandbox's booking service lives beside its gateway).

In order: the ``--gateway URL`` override; else the ``gateway.profile`` setting — ``sandbox`` is the
workspace's own sandbox (a child process started on first use, ``App.embedded_sandbox_url``),
``production`` uses ``gateway.production_url`` (sending to ZUS requires ZUS's acceptance of this
software; see docs/gateway-protocol.md), ``custom`` uses ``gateway.url``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import UserFacingError
from ..i18n import Text, t
from ..settings import CUSTOM_PROFILE, GATEWAY_PROFILE, GATEWAY_URL, PRODUCTION_GATEWAY_URL, PRODUCTION_PROFILE

NO_PRODUCTION_URL = t("Profil „produkcja” nie ma adresu bramki ZUS (ustawienie gateway.production_url).",
                      "The \"production\" profile has no ZUS gateway URL (setting gateway.production_url).")
NO_PRODUCTION_HINT = t("Wysyłka do ZUS wymaga pozytywnych testów akceptacyjnych oprogramowania interfejsowego "
                       "w ZUS; do tego czasu używaj profilu „piaskownica”.",
                       "Sending to ZUS requires passing ZUS's acceptance tests for interface software; "
                       "until then use the \"sandbox\" profile.")
NO_CUSTOM_URL = t("Profil „własny” nie ma adresu bramki (ustawienie gateway.url).",
                  "The \"custom\" profile has no gateway URL (setting gateway.url).")


@dataclass(frozen=True)
class ActiveProfile:
    name: str                  # sandbox | production | custom | override
    url: str | None            # None for the embedded sandbox until it is started
    label: Text
    production: bool

    def render(self, lang: str | None = None) -> str:
        return self.label.render(lang) + (f" — {self.url}" if self.url else "")


class GatewayLocator:
    """``settings`` is read on every call, so a profile changed in Ustawienia applies at once."""

    def __init__(self, settings: Any, *, override_url: Callable[[], str | None],
                 sandbox_url: Callable[[], str], sandbox_url_if_running: Callable[[], str | None]) -> None:
        self.settings = settings
        self._override_url = override_url
        self._sandbox_url = sandbox_url
        self._sandbox_url_if_running = sandbox_url_if_running

    def active_profile(self) -> ActiveProfile:
        override = self._override_url()
        if override:
            return ActiveProfile("override", override,
                                 t("Bramka wskazana parametrem --gateway", "Gateway given with --gateway"), False)
        profile = self.settings.get(GATEWAY_PROFILE)
        if profile == PRODUCTION_PROFILE:
            return ActiveProfile(profile, self.settings.get(PRODUCTION_GATEWAY_URL) or None,
                                 t("PRODUKCJA — ZUS", "PRODUCTION — ZUS"), True)
        if profile == CUSTOM_PROFILE:
            return ActiveProfile(profile, self.settings.get(GATEWAY_URL) or None,
                                 t("Własna bramka", "Custom gateway"), False)
        return ActiveProfile(profile, self._sandbox_url_if_running(),
                             t("Piaskownica (symulacja ZUS, nic nie trafia do ZUS)",
                               "Sandbox (simulated ZUS, nothing reaches ZUS)"), False)

    def key(self) -> str:
        """What gateway certificates are pinned under: the profile, or the URL of a custom one."""
        profile = self.active_profile()
        return profile.name if profile.name in ("sandbox", "production") else f"url:{profile.url}"

    def url(self) -> str:
        """The active gateway's URL; starts the workspace's sandbox when that is the gateway."""
        profile = self.active_profile()
        if profile.name == "sandbox":
            return self._sandbox_url()
        if not profile.url:
            raise UserFacingError(NO_PRODUCTION_URL if profile.production else NO_CUSTOM_URL,
                                  hint=NO_PRODUCTION_HINT if profile.production else None)
        return profile.url

    def sandbox_url(self) -> str:
        """The workspace's own sandbox (started on first use), whatever the profile."""
        return self._sandbox_url()
