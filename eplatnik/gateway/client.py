"""Old names of the gateway's client, kept while code written against them moves to
``gateway/transport.py`` (the letters client, issue 15 step C4). New code imports from there."""

from .transport import BAD_ANSWER, UNAVAILABLE, UNAVAILABLE_HINT, GatewayCertificates, GatewayUnavailable
from .transport import JsonGatewayTransport as GatewayClient

__all__ = ["BAD_ANSWER", "UNAVAILABLE", "UNAVAILABLE_HINT", "GatewayCertificates", "GatewayClient",
           "GatewayUnavailable"]
