"""One HTTP transport for every network call of the program (see transport.py)."""

from .cancel import CancelToken
from .config import DIRECT, FROM_ENVIRONMENT, NetConfig
from .errors import Unreachable
from .retry import BOOKING_RETRY, CALL_RETRY, NO_RETRY, OUTBOX_RETRY, RetryPolicy
from .transport import HttpResponse, HttpTransport, shared_transport

__all__ = ["BOOKING_RETRY", "CALL_RETRY", "DIRECT", "FROM_ENVIRONMENT", "NO_RETRY", "OUTBOX_RETRY", "CancelToken",
           "HttpResponse", "HttpTransport", "NetConfig", "RetryPolicy", "Unreachable", "shared_transport"]
