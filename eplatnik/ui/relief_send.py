"""Sending a relief application to ZUS from the Konto page ("Wyślij wniosek do ZUS").

1. The application is drafted from the client's account off the UI thread (the same draft the PDF
   shows: ``app.relief.draft`` → ``applications.from_draft``), together with the applications of the
   same kind this client already sent (a second one is allowed, but the person is told).
2. The signing dialog (a .p12 file or a card) shows what goes to ZUS on top; the password/PIN is
   asked by ``QtPinPrompt`` from the background operation.
3. The operation signs, sends and waits for the UPP, then fetches the letters: ZUS's decision (in the
   sandbox, placed at once) shows in Korespondencja, and the page links to it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from ..formatting import money
from .dialogs.sign_dialog import SignDialog
from .ops import Op, show_error


class ReliefSender(QObject):
    """The Konto page's sending flow; ``page`` has ``app``, ``payer``, ``send_button`` and ``relief_status``."""

    def __init__(self, page) -> None:
        super().__init__(page)
        self.page = page
        self.dialog: SignDialog | None = None

    def start(self, kind: str, instalments: int) -> None:
        """Draft the application off the UI thread, then show the signing dialog with its summary."""
        page = self.page
        if page.payer is None:
            return
        from ..applications.from_draft import application_from_draft
        from ..gateway.outbox import Filter

        nip, relief, gateway = page.payer.nip, page.app.relief, page.app.gateway

        def work():
            draft = relief.draft(nip, kind, instalments=instalments)
            application = application_from_draft(draft)
            earlier = [s for s in gateway.list(Filter(payer=nip, form=application.form))
                       if s.state not in ("rejected", "failed")]
            return draft, application, earlier

        Op(page, work).success(self._confirm).failure(self._failed).run()

    def _confirm(self, result) -> None:
        from .dialogs.pin_dialog import QtPinPrompt

        draft, application, earlier = result
        dialog = self.make_dialog(draft, application, earlier)
        dialog.accepted.connect(lambda: self.send(application, dialog.key_source(), QtPinPrompt(self.page)))
        self.dialog = dialog
        dialog.open()

    def make_dialog(self, draft, application, earlier: list) -> SignDialog:
        """The signing dialog (a .p12 file or a card) with what will be sent on top: payer, arrears,
        schedule, the estimated fee, and a warning when this client already sent one of this kind."""
        dialog = SignDialog(self.page.app, 1, self.page)
        dialog.setWindowTitle(self.tr("Send the application to ZUS"))
        periods = ", ".join(a.period for a in application.arrears)
        first, last = application.schedule[0].due, application.schedule[-1].due
        fee = money(application.prolongation_fee, "pl") if application.prolongation_fee else "0,00"
        if application.kind == "instalments":
            text = self.tr("Application to spread into {n} instalments the arrears of {payer} (NIP {nip}) for "
                           "{periods}: {total} zł with interest; instalments from {first} to {last}, estimated "
                           "prolongation fee {fee} zł.")
        else:
            text = self.tr("Application to defer the deadline of {payer}'s (NIP {nip}) contributions for {periods}: "
                           "{total} zł; new deadline {first}–{last}, estimated prolongation fee {fee} zł.")
        summary = QLabel(text.format(n=len(application.schedule), payer=draft.payer.short_name or draft.payer.name,
                                     nip=application.payer_nip, periods=periods,
                                     total=money(application.total_arrears, "pl"), first=f"{first:%d.%m.%Y}",
                                     last=f"{last:%d.%m.%Y}", fee=fee)
                         + "\n\n" + self.tr("It is signed with your certificate and sent through the gateway; ZUS "
                                            "confirms receipt (UPP) and answers with a decision in Correspondence."))
        summary.setObjectName("reliefSummary")
        summary.setWordWrap(True)
        dialog.layout().insertWidget(0, summary)
        warning = QLabel()
        warning.setObjectName("reliefEarlier")
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #e65100;")
        if earlier:
            sub = earlier[0]
            warning.setText(self.tr("This client already sent an application of this kind on {day} (reference "
                                    "{ref}). Send another one only if it replaces or adds to it.").format(
                day=f"{sub.created_at[8:10]}.{sub.created_at[5:7]}.{sub.created_at[:4]}", ref=sub.reference or "—"))
        warning.setVisible(bool(earlier))
        dialog.layout().insertWidget(1, warning)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Sign and send"))
        ok.setObjectName("reliefSignAndSend")
        return dialog

    def send(self, application, source, prompt) -> None:
        """Sign with this key, send, wait for the UPP and fetch ZUS's answer — off the UI thread."""
        from .dialogs.pin_dialog import hold_progress_while_asking

        page = self.page
        app = page.app
        page.send_button.setEnabled(False)
        self._status(self.tr("Sending the application to ZUS…"))
        op = Op(page, lambda: app.applications.send_and_fetch_answer(application, source, prompt, wait=30.0)).success(
            self._sent).failure(self._failed).cancelled(self._cancelled).finally_(
            lambda: page.send_button.setEnabled(True)).with_progress(
            self.tr("Sending the application to ZUS"), show_after_ms=800)
        hold_progress_while_asking(op, prompt)  # the progress window never covers the password dialog
        op.run()

    def _cancelled(self) -> None:  # the password/PIN dialog, or the progress dialog's Cancel
        self._status(self.tr("Stopped before ZUS's receipt arrived. An application already signed stays in the "
                             "queue on the Submission and receipts page and is sent from there."))

    def _sent(self, sent) -> None:
        sub, answer = sent.submission, sent.answer
        ref = html.escape(sub.reference or "—")
        if sub.state == "accepted":
            text = self.tr("Application {form} sent and accepted: the UPP is verified, reference {ref}.").format(
                form=html.escape(sub.forms), ref=ref)
            if answer is not None:
                text += " " + self.tr("ZUS's answer “{title}” is waiting in <a href=\"letters\">Correspondence</a> "
                                      "— open it there with the UPD.").format(title=html.escape(answer.record.title))
            else:
                text += " " + self.tr("ZUS's answer will come to <a href=\"letters\">Correspondence</a>.")
                if sent.answer_problem is not None:
                    text += " " + html.escape(sent.answer_problem.render())
            self._status(text)
        elif sub.state == "rejected":
            self._status(self.tr("ZUS rejected the application (reference {ref}); the reasons are in the receipt on "
                                 "the Submission and receipts page.").format(ref=ref), error=True)
        else:
            self._status(self.tr("The application is queued (reference {ref}); the program keeps sending it and "
                                 "checking for the UPP.").format(ref=ref))

    def _failed(self, exc) -> None:
        self._status(html.escape(exc.render()), error=True)
        show_error(self.page, exc)

    def _status(self, text: str, *, error: bool = False) -> None:
        label = self.page.relief_status
        label.setText(text)
        label.setStyleSheet("color: #b71c1c;" if error else "")
        label.setVisible(True)
