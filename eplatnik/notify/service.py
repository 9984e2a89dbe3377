"""``NotificationService``: notices of letters that arrived and sets that ZUS rejected.

``run()`` collects what is new (each event once: the table's ``event_key`` is unique), then sends
one e-mail listing it when ``notify.email_to`` and an SMTP server are set (the program's one SMTP
helper, ``eplatnik/mailer.py``, with the settings the e-visit e-mails use). The GUI takes the same
notices for its tray / status bar (``take_desktop``). A notice says that something arrived and
where to look — the client and the page — never a letter's title or a rejection's reasons.

On a workspace's first run the sets rejected before are recorded as already notified (nobody needs
an e-mail about last year's rejections); letters not yet read are announced.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from ..clock import Clock
from ..errors import UserFacingError
from ..i18n import t
from ..mailer import SmtpConfig, send_mail
from .store import Notification, NotifyStore

log = logging.getLogger(__name__)

LETTER_SUBJECT = t("eplatnik: nowe pismo z ZUS — {payer}", "eplatnik: a new letter from ZUS — {payer}")
LETTER_BODY = t("W skrzynce „Korespondencja” klienta {payer} (NIP {nip}) czeka nowe pismo z ZUS, udostępnione "
                "{placed}. Jeśli nikt go nie odbierze, {deemed} zostanie uznane za doręczone.\n"
                "Odbierz je w programie eplatnik: Korespondencja → {payer} → Otwórz (podpis UPD).",
                "A new letter from ZUS waits in the \"Correspondence\" inbox of {payer} (NIP {nip}), placed on "
                "{placed}. If nobody opens it, it counts as delivered on {deemed}.\n"
                "Open it in eplatnik: Correspondence → {payer} → Open (signing a UPD).")
REJECTED_SUBJECT = t("eplatnik: ZUS odrzucił zestaw dokumentów — {payer}",
                     "eplatnik: ZUS rejected a set of documents — {payer}")
REJECTED_BODY = t("Zestaw dokumentów klienta {payer} (NIP {nip}) za okres {period} został odrzucony "
                  "(numer referencyjny {reference}).\nSzczegóły w programie eplatnik: Wysyłka i potwierdzenia.",
                  "The set of documents of {payer} (NIP {nip}) for {period} was rejected (reference "
                  "{reference}).\nDetails in eplatnik: Submission and receipts.")
DIGEST_SUBJECT = t("eplatnik: {n} nowe powiadomienia z ZUS", "eplatnik: {n} new notices from ZUS")
FOOTER = t("\n\n—\nWiadomość wysłał program eplatnik. Treść pism z ZUS nie jest przesyłana e-mailem.",
           "\n\n—\nSent by eplatnik. The content of ZUS letters is never sent by e-mail.")


@dataclass(frozen=True)
class RunResult:
    new: list[Notification]
    emailed: int
    email_error: str = ""


def notice_message(config: SmtpConfig, to: str, subject: str, body: str, date: float,
                   headers: dict[str, str] | None = None) -> EmailMessage:
    """A plain-text e-mail dated by the program's clock (``date``: a POSIX timestamp)."""
    message = EmailMessage()
    message["From"] = config.sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(date, usegmt=True)
    message["Message-ID"] = make_msgid(domain="eplatnik.local")
    for key, value in (headers or {}).items():
        message[key] = value
    message.set_content(body)
    return message


def _date(iso: str) -> str:
    from datetime import date, datetime

    try:
        value = datetime.fromisoformat(iso)
        return value.strftime("%d.%m.%Y")
    except ValueError:
        try:
            return date.fromisoformat(iso).strftime("%d.%m.%Y")
        except ValueError:
            return iso


class NotificationService:
    """``smtp()`` is the SMTP server (None when e-mail is off), ``recipient()`` the address notices go
    to; ``letters()`` the inbox's letter views, ``rejected()`` the submissions ZUS rejected."""

    def __init__(self, store: NotifyStore, *, clock: Clock, smtp: Callable[[], SmtpConfig | None],
                 recipient: Callable[[], str], letters: Callable[[], list[Any]],
                 rejected: Callable[[], list[Any]]) -> None:
        self.store = store
        self.clock = clock
        self.smtp = smtp
        self.recipient = recipient
        self.letters = letters
        self.rejected = rejected

    # -- collecting --------------------------------------------------------------------------------
    def collect(self) -> list[Notification]:
        now = self.clock.now_iso()
        first_run = self.store.is_empty()
        rejected_items = [(f"rejected:{sub.id}", "rejected",
                           REJECTED_SUBJECT(payer=sub.payer_name or sub.payer_nip).render(),
                           REJECTED_BODY(payer=sub.payer_name or sub.payer_nip, nip=sub.payer_nip,
                                         period=sub.period or "-", reference=sub.reference or "-").render())
                          for sub in self.rejected()]
        letter_items = []
        for view in self.letters():
            r = view.record
            if r.read_at:
                continue
            payer = r.payer_name or r.payer_nip
            body = LETTER_BODY(payer=payer, nip=r.payer_nip, placed=_date(r.placed_at),
                               deemed=view.delivery.deemed_on.strftime("%d.%m.%Y"))
            letter_items.append((f"letter:{r.gateway_key}:{r.letter_id}", "letter",
                                 LETTER_SUBJECT(payer=payer).render(), body.render()))
        if first_run and rejected_items:
            self.store.add(rejected_items, now, done=True)
            rejected_items = []
        return self.store.add(letter_items + rejected_items, now)

    # -- e-mail ------------------------------------------------------------------------------------
    def send_emails(self) -> tuple[int, str]:
        pending = self.store.to_email()
        if not pending:
            return 0, ""
        now = self.clock.now_iso()
        config, to = self.smtp(), self.recipient().strip()
        if config is None or not to:
            self.store.mark([n.id for n in pending], emailed_at="-")  # e-mail is off: nothing piles up
            return 0, ""
        subject = pending[0].subject if len(pending) == 1 else DIGEST_SUBJECT(n=len(pending)).render()
        body = "\n\n".join(n.body for n in pending) + FOOTER.render()
        message = notice_message(config, to, subject, body, self.clock.now().timestamp(),
                                 {"X-Eplatnik-Notice": ",".join(n.kind for n in pending)})
        try:
            send_mail(config, message)
        except UserFacingError as exc:
            log.warning("notification e-mail failed: %s", exc.render("en"))
            self.store.mark([n.id for n in pending], email_error=exc.render())
            return 0, exc.render()
        self.store.mark([n.id for n in pending], emailed_at=now, email_error="")
        return len(pending), ""

    def run(self) -> RunResult:
        new = self.collect()
        emailed, error = self.send_emails()
        return RunResult(new, emailed, error)

    # -- desktop -----------------------------------------------------------------------------------
    def take_desktop(self) -> list[Notification]:
        """Notices not shown on the desktop yet (marked shown now)."""
        pending = self.store.to_show()
        self.store.mark([n.id for n in pending], shown_at=self.clock.now_iso())
        return pending
