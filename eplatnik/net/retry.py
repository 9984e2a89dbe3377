"""One retry policy: how many attempts, and how long to wait before the next one.

``delay(n)`` is the wait after the n-th failed attempt (0-based): ``base · 2ⁿ`` capped at ``cap``,
and with ``jitter="half"`` multiplied by a random factor in [0.5, 1.0) so that many clients that
failed together (a gateway restart) do not all come back at the same instant. The random source is
an argument, so tests seed it and know every delay.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int | None          # None: no limit (the outbox keeps a package until it is sent)
    base: float                   # seconds before the second attempt (before jitter)
    cap: float                    # the longest wait
    jitter: Literal["none", "half"] = "half"

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """Seconds to wait after the failed attempt number ``attempt`` (0 = the first)."""
        wait = min(self.cap, self.base * (2.0 ** min(max(attempt, 0), 30)))
        if self.jitter == "half":
            wait *= (rng or random).uniform(0.5, 1.0)
        return wait

    def allows(self, attempts_made: int) -> bool:
        """May another attempt follow ``attempts_made`` failed ones?"""
        return self.attempts is None or attempts_made < self.attempts


#: one protocol call to the gateway (the former GatewayClient's formula): 8 attempts, 0.25 s × 2ⁿ ≤ 8 s, jittered
CALL_RETRY = RetryPolicy(8, 0.25, 8.0, "half")
#: one call to the e-visit booking service: 3 attempts, 0.3 s then 0.6 s (a person is waiting)
BOOKING_RETRY = RetryPolicy(3, 0.3, 1.2, "none")
#: a package in the outbox after a failed call: 2 s, 4 s, … capped at 60 s, without limit
OUTBOX_RETRY = RetryPolicy(None, 2.0, 60.0, "none")
#: no retry at all (calls that are not safe to repeat)
NO_RETRY = RetryPolicy(1, 0.0, 0.0, "none")
