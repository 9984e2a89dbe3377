"""``NetConfig``: how this seat reaches the network (proxy, certificate checks, default timeout).

The proxy comes from Ustawienia (``net.proxy``, a seat setting: machines in one office differ) or,
when that is empty, from the environment (``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY`` and
``NO_PROXY``, as curl reads them). ``direct`` means no proxy at all, whatever the environment says.
Loopback addresses (127.0.0.1, localhost, ::1) never go through a proxy, so the embedded sandbox
works in an office whose every other connection must pass a proxy.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .. import __version__
from ..settings import DIRECT_PROXY

FROM_ENVIRONMENT = ""
DIRECT = DIRECT_PROXY
LOOPBACK_PATTERNS = ("all://127.0.0.1", "all://localhost", "all://[::1]")


@dataclass(frozen=True)
class NetConfig:
    proxy: str = FROM_ENVIRONMENT        # "" = from the environment, "direct" = none, else the proxy's URL
    no_proxy: str = ""                   # with a proxy from Ustawienia: hosts that bypass it (comma separated)
    timeout: float = 30.0                # read/write timeout of one call unless the caller gives its own
    verify: ssl.SSLContext | bool = True
    user_agent: str = f"eplatnik/{__version__}"

    @classmethod
    def from_settings(cls, settings: Any) -> NetConfig:
        from ..settings import NET_NO_PROXY, NET_PROXY

        return cls(proxy=settings.get(NET_PROXY).strip(), no_proxy=settings.get(NET_NO_PROXY).strip())

    def proxy_url(self) -> str | None:
        """The proxy set in Ustawienia, or None (environment or direct)."""
        return None if self.proxy in (FROM_ENVIRONMENT, DIRECT) else self.proxy


def proxy_problem(url: str) -> bool:
    """True when ``url`` cannot be a proxy address (only http:// and https:// proxies are supported)."""
    if url in (FROM_ENVIRONMENT, DIRECT):
        return False
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 — raises on a port that is not a number
    except ValueError:
        return True
    return parts.scheme not in ("http", "https") or not parts.hostname


def bypass_patterns(no_proxy: str) -> list[str]:
    """httpx mount patterns for a NO_PROXY-style list (the rules httpx applies to the environment's)."""
    patterns = []
    for host in (h.strip() for h in no_proxy.split(",")):
        if not host:
            continue
        if host == "*":
            return ["all://"]
        if "://" in host:
            patterns.append(host)
        elif host.replace(".", "").isdigit():
            patterns.append(f"all://{host}")
        elif ":" in host:
            patterns.append(f"all://[{host.strip('[]')}]")
        elif host == "localhost":
            patterns.append("all://localhost")
        else:
            patterns.append(f"all://*{host.lstrip('*')}")
    return patterns
