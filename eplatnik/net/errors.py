"""What the transport raises when a service cannot be reached."""

from __future__ import annotations

from ..errors import UserFacingError
from ..i18n import Text, t

UNREACHABLE = t("Nie można połączyć się z {url} ({detail}) — próbowano {attempts} razy.",
                "Cannot reach {url} ({detail}) — tried {attempts} times.")
BAD_URL = t("Niepoprawny adres usługi: {url}", "Invalid service address: {url}")
BAD_PROXY = t("Niepoprawny adres serwera pośredniczącego (proxy): {url}", "Invalid proxy address: {url}")
BAD_PROXY_HINT = t("Popraw go w Ustawieniach (To stanowisko → Serwer pośredniczący) albo w zmiennej HTTPS_PROXY.",
                   "Correct it in Settings (This seat → Proxy) or in the HTTPS_PROXY variable.")


class Unreachable(UserFacingError):
    """Network failure after every attempt the retry policy allowed (refused, dropped, timed out, 5xx).

    ``detail`` is the last failure, ``attempts`` how many were made. Each service's client raises
    its own subclass with its own words (``GatewayUnavailable``, ``ServiceUnreachable``)."""

    def __init__(self, message: Text | str, *, url: str = "", detail: str = "", attempts: int = 1,
                 hint: Text | str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.url = url
        self.detail = detail
        self.attempts = attempts

    @classmethod
    def generic(cls, url: str, detail: str, attempts: int) -> Unreachable:
        return cls(UNREACHABLE(url=url, detail=detail, attempts=attempts), url=url, detail=detail,
                   attempts=attempts)
