"""Who else made a submission: the "already being sent by …" note a second process shows.

Exactly once (``outbox_store``) means a second process that tries to send a set gets the first one's
submission back; it then tells the person whose it is — the accountant, the process and computer,
since when — and, when it is finished, its outcome.
"""

from __future__ import annotations

import datetime as dt

from ..i18n import Text, t
from ..proc import ProcessId
from .outbox import FINAL_STATES as FINAL
from .outbox import Submission, state_label

ALREADY_SENDING = t("już wysyła go {who} (proces {pid} na komputerze {host}) od {since}",
                    "already being sent by {who} (process {pid} on computer {host}) since {since}")
ALREADY_QUEUED = t("już w skrzynce nadawczej od {since} (dodał(a) {who})",
                   "already in the outbox since {since} (added by {who})")
ALREADY_SENT = t("wysłany już wcześniej przez {who} ({since}), stan: {state}",
                 "already sent earlier by {who} ({since}), state: {state}")


def made_elsewhere(sub: Submission) -> Text | None:
    """"Already being sent by …" when another process (or an earlier run) made this submission."""
    me = ProcessId.current()
    if sub.created_by == str(me):
        return None
    who = ProcessId.parse(sub.created_by)
    since = _local_time(sub.created_at)
    if sub.state in FINAL:
        return ALREADY_SENT(who=sub.actor or "?", since=since, state=state_label(sub.state))
    if who is None or who.gone():  # made before migration 0008, or by a process that has ended (a resumed run)
        return ALREADY_QUEUED(who=sub.actor or "?", since=since)
    return ALREADY_SENDING(who=sub.actor or "?", pid=who.pid, host=who.host, since=since)


def _local_time(iso: str) -> str:
    """A stored UTC timestamp as Polish local time, e.g. 05.12.2026 10:00:01."""
    from ..clock import WARSAW

    try:
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(WARSAW).strftime("%d.%m.%Y %H:%M:%S")
