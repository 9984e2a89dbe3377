"""The month area's workflows, written once for the CLI and the GUI (``app.month``).

The month table (each client's state for a period), the runs of a period, the office summary as
PDF or CSV, the verification report of a run, payment notes (PDF + e-mail text) and the client's
NRS. ``cli/month_cmds.py`` and ``ui/pages/month.py`` (and the run window) only call these and show
the answers; neither builds the month store nor reaches the documents, account or signing services
for a month workflow. The collaborators are handed in by ``app.py`` (see ``ports.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import FieldError, UserFacingError, ValidationFailed
from ..i18n import t
from ..period import Period
from ..register.nrs import PayerAccount, check_nrs
from .payment import PaymentNote, note_text, payer_account, payment_note
from .status import ClientPeriod, load_period
from .summary import OfficeSummary, office_summary, summary_csv, verification_report

if TYPE_CHECKING:
    from ..clock import Clock
    from ..jobs.process import JobHost
    from ..progress import Progress
    from ..register.models import Payer
    from ..signing.keysource import PinPrompt
    from .background import KeyChoice
    from .ports import Actor, ArrearsSource, CertificateWatch, EvidenceZip, MonthDocuments, PayerDirectory, Renderers
    from .records import Run, RunClient
    from .store import MonthStore, PeriodReadModel

NO_RUN = t("Nie ma przebiegu miesiąca nr {id}.", "There is no month-end run no. {id}.")
NO_RUN_FOR_PERIOD = t("Dla tego okresu nie było jeszcze przebiegu.", "No run for this period yet.")


class MonthService:
    def __init__(self, store: MonthStore, periods: PeriodReadModel, *, register: PayerDirectory,
                 documents: MonthDocuments, account: ArrearsSource, certificates: CertificateWatch,
                 renderers: Renderers, evidence: EvidenceZip, clock: Clock, actor: Actor) -> None:
        self.store = store
        self.periods = periods
        self.register = register
        self.documents = documents
        self.account = account
        self.certificates = certificates
        self.renderers = renderers
        self._evidence = evidence
        self.clock = clock
        self.actor = actor

    # -- the month table -----------------------------------------------------------------------------
    def period(self, period: Period, today: date | None = None, *, lang: str | None = None,
               payer_ids: list[int] | None = None) -> list[ClientPeriod]:
        """Every active client's state for ``period`` (sorted by deadline, then name)."""
        return load_period(self.periods.period_rows(str(period)), period, today or self.clock.today(),
                           register=self.register, certificates=self.certificates, account=self.account,
                           actor=self.actor(), lang=lang, payer_ids=payer_ids)

    # -- runs ----------------------------------------------------------------------------------------
    def runs(self, period: Period | str | None = None) -> list[Run]:
        """The runs of ``period`` (all runs without one), newest first."""
        return self.store.runs(None if period is None else str(period))

    def last_run(self, period: Period | str) -> Run | None:
        runs = self.runs(period)
        return runs[0] if runs else None

    def find_run(self, run_id: int) -> Run | None:
        return self.store.run(run_id)

    def run(self, run_id: int) -> Run:
        run = self.store.run(run_id)
        if run is None:
            raise UserFacingError(NO_RUN(id=run_id))
        return run

    def clients(self, run_id: int) -> list[RunClient]:
        return self.store.clients(run_id)

    def run_in_child(self, host: JobHost, run_id: int, key: KeyChoice, *, hold_warnings: bool, want_submit: bool,
                     progress: Progress | None = None, on_client: Callable[[RunClient], None] | None = None,
                     prompt: PinPrompt | None = None) -> Run:
        """Run (or resume) ``run_id`` in a background job's child process of ``host`` (the run window's
        way: ``month.background``); the run as stored when it ended."""
        from .background import run_in_child

        return run_in_child(host, self.store, run_id, key, hold_warnings=hold_warnings, want_submit=want_submit,
                            progress=progress, on_client=on_client, prompt=prompt)

    def run_sets(self, clients: list[RunClient]) -> dict[int, dict[str, Any]]:
        """The run's own sets (reference, amount), even when they were corrected since."""
        return self.periods.sets_rows([c.set_id for c in clients if c.set_id is not None])

    # -- after a run ---------------------------------------------------------------------------------
    def summary(self, run_id: int, lang: str | None = None) -> OfficeSummary:
        return office_summary(self.store, self.periods, self.run(run_id), self._payers(), lang)

    def summary_bytes(self, run_id: int, fmt: str, lang: str) -> bytes:
        """The office summary as ``"pdf"`` or ``"csv"`` (UTF-8 with a BOM, for spreadsheets)."""
        summary = self.summary(run_id, lang)
        return summary_csv(summary, lang) if fmt == "csv" else self.renderers.office_summary_pdf(summary, lang)

    def write_summary(self, run_id: int, path: Path | str, lang: str) -> Path:
        """The summary into ``path``: CSV when it ends in .csv, else PDF (written atomically)."""
        from ..fsutil import atomic_write_bytes

        path = Path(path)
        atomic_write_bytes(path, self.summary_bytes(run_id, "csv" if path.suffix.lower() == ".csv" else "pdf", lang))
        return path

    def write_last_summary(self, period: Period | str, path: Path | str, lang: str) -> Path:
        run = self.last_run(period)
        if run is None:
            raise UserFacingError(NO_RUN_FOR_PERIOD)
        return self.write_summary(run.id, path, lang)

    def verification_report(self, run_id: int, lang: str | None = None) -> list[dict[str, Any]]:
        return verification_report(self.store, run_id, self._payers(), self.documents, lang)

    # -- payment notes and the NRS ---------------------------------------------------------------------
    def payment_note(self, payer: Payer, period: Period) -> PaymentNote:
        row = self.periods.period_rows(str(period)).get(payer.id)  # type: ignore[arg-type]
        return payment_note(payer, period, row, account=self.nrs(payer), documents=self.documents,
                            arrears=self.account)

    def note_text(self, payer: Payer, period: Period, lang: str) -> str:
        """The payment note as the text of an e-mail to the client."""
        return note_text(self.payment_note(payer, period), lang)

    def write_payment_notes(self, payers: list[Payer], period: Period, directory: Path | str, lang: str, *,
                            progress: Progress | None = None,
                            on_error: Callable[[Payer, UserFacingError], None] | None = None) -> list[Path]:
        """``NIP-period.pdf`` and ``NIP-period.txt`` per client in ``directory``; the PDFs written.

        A client whose note cannot be made stops the whole batch, unless ``on_error`` takes it (the
        client is then skipped)."""
        from ..fsutil import atomic_write_bytes, atomic_write_text

        directory = Path(directory)
        if progress is not None:
            progress.set_total(len(payers))
        written = []
        for payer in payers:
            try:
                note = self.payment_note(payer, period)
            except UserFacingError as exc:
                if on_error is None:
                    raise
                on_error(payer, exc)
                continue
            stem = f"{payer.nip}-{period}"
            atomic_write_bytes(directory / f"{stem}.pdf", self.renderers.payment_note_pdf(note, lang))
            atomic_write_text(directory / f"{stem}.txt", note_text(note, lang))
            written.append(directory / f"{stem}.pdf")
            if progress is not None:
                progress.step()
        return written

    def run_payers(self, run_id: int) -> tuple[Period, list[Payer]]:
        """The run's period and its clients that have a set (the ones a payment note can be made for)."""
        run = self.run(run_id)
        payers = self._payers()
        return Period.parse(run.period), [payers[c.payer_id] for c in self.store.clients(run.id)
                                          if c.set_id is not None]

    def nrs(self, payer: Payer) -> PayerAccount:
        """The NRS from ZUS's letter when one was entered, else the one derived from the NIP."""
        return payer_account(payer, self.register.entered_nrs(payer.id) if payer.id is not None else None)

    def set_nrs(self, payer: Payer, text: str | None) -> PayerAccount:
        """Store the number from ZUS's letter (its check digits are validated); empty or None goes
        back to the number derived from the NIP."""
        digits = "".join(ch for ch in (text or "") if ch.isdigit()) or None
        if text and text.strip():
            problem = check_nrs(text, payer.nip)
            if problem is not None:
                raise ValidationFailed([FieldError("NRS", problem)])
        self.register.set_entered_nrs(payer.id, digits, self.actor())  # type: ignore[arg-type]
        return self.nrs(payer)

    def evidence_zip(self, nip: str, period: Period | str, output: Path | str) -> int:
        """One client's month as a ZIP of what was sent and received (signed KEDU, receipt XML and
        PDF, manifest with SHA-256); refused when the evidence does not match what was recorded.
        Returns the number of submissions in it."""
        return self._evidence(nip, str(period), Path(output))

    def _payers(self) -> dict[int | None, Payer]:
        return {p.id: p for p in self.register.list_payers(include_archived=True)}
