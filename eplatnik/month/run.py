"""The month-end bulk run: a GUI-free, resumable state machine persisted in the workspace database.

A run walks its clients through the phases in order — build each set from the register, verify
all, sign all with ONE PIN entry, submit all through the gateway outbox, collect the receipts.
Each client's step is stored after every move (``month_run_clients``), so a run stopped at any
point (cancel, a closed program, kill -9) resumes where it stopped: every phase takes only the
clients still at its input step, and every step is safe to repeat (an existing set is reused, a
signed set is not signed again, the outbox returns the submission already made for the same
signed bytes, so nothing is sent twice). One client's failure is recorded on that client and the
others go on.

The step functions are injectable (``Steps``, in ``results.py``), so the machine is tested without the
services; ``steps.ServiceSteps`` over the real documents, signing and gateway services is what
``App.month_runner()`` hands in. The runner knows the month store, the register, the clock and the
acting person — never ``App``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import Cancelled, UserFacingError
from ..i18n import Text, t
from ..period import Period
from ..progress import Progress
from ..store.errors import DatabaseUnavailable
from .records import Run, RunClient
from .results import Built, Checked, Collected, Steps, Submitted
from .store import FINAL_STEPS, PHASE_INPUT, PHASES, MonthStore

if TYPE_CHECKING:
    from ..clock import Clock
    from ..signing.certs import CertificateInfo
    from .ports import PayerDirectory

__all__ = ["Built", "Checked", "Collected", "MonthRunner", "Steps", "Submitted"]

log = logging.getLogger(__name__)

STEP_ORDER = {"pending": 0, "built": 1, "verified": 2, "signed": 3, "submitted": 4,
              "accepted": 5, "rejected": 5, "failed": 5}

NO_RUN = t("Nie ma przebiegu miesiąca nr {id}.", "There is no month-end run no. {id}.")
NO_CLIENTS = t("Nie wybrano żadnego klienta.", "No client was selected.")
UNKNOWN_CLIENT = t("Nie ma klienta o NIP {nip} w rejestrze.", "There is no client with NIP {nip} in the register.")
NOT_AUTHORISED = t("Księgowa/y {name} nie ma ważnego upoważnienia od tego klienta na {day} — zestaw nie "
                   "został podpisany.", "{name} holds no valid authorisation from this client on {day} — the "
                   "set was not signed.")
NOT_AUTHORISED_HINT = t("Dodaj upoważnienie (ZUS-PEL) w rejestrze i wznów przebieg.",
                        "Add the authorisation (ZUS-PEL) in the register and resume the run.")
NO_ACCOUNTANT = t("Bieżący użytkownik „{name}” nie jest księgową/księgowym z numerem PESEL w rejestrze.",
                  "The current user '{name}' is not an accountant with a PESEL in the register.")
NO_ACCOUNTANT_HINT = t("Ustaw bieżącą osobę (office.current_accountant) i dodaj ją do rejestru z PESEL-em.",
                       "Set the current person (office.current_accountant) and add them to the register "
                       "with their PESEL.")
WRONG_SIGNER = t("Certyfikat do podpisu należy do innej osoby (PESEL {cert}) niż {name} (PESEL {pesel}). "
                 "Nic nie zostało podpisane.", "The signing certificate belongs to someone else (PESEL {cert}) "
                 "than {name} (PESEL {pesel}). Nothing was signed.")
WRONG_SIGNER_HINT = t("Podpisuj własnym certyfikatem albo zmień bieżącą osobę.",
                      "Sign with your own certificate or change the current person.")
VERIFY_ERRORS = t("Weryfikacja: {errors} błędów, {warnings} ostrzeżeń — zestaw nie może być podpisany.",
                  "Verification: {errors} errors, {warnings} warnings — the set cannot be signed.")
PREVIOUSLY_REJECTED = t("Zestaw za ten okres został już odrzucony przez ZUS.",
                        "The set for this period was already rejected by ZUS.")
PREVIOUSLY_REJECTED_HINT = t("Popraw go w Dokumentach (powstanie nowy zestaw) i wznów przebieg.",
                             "Fix it in Documents (a new set is created) and resume the run.")
UNEXPECTED = t("Nieoczekiwany błąd: {err}", "Unexpected error: {err}")
PHASE_LABELS = {
    "build": t("Przygotowanie zestawów", "Building the sets"),
    "verify": t("Weryfikacja", "Verification"),
    "sign": t("Podpisywanie", "Signing"),
    "submit": t("Wysyłka", "Sending"),
    "receipts": t("Odbiór potwierdzeń", "Collecting receipts"),
}


def _text_of(exc: BaseException) -> Text:
    if isinstance(exc, UserFacingError):
        return exc.text if exc.hint is None else Text(exc.render("pl"), exc.render("en"))
    return UNEXPECTED(err=f"{type(exc).__name__}: {exc}")


class MonthRunner:
    """Starts, runs and resumes month-end runs of one workspace."""

    def __init__(self, store: MonthStore, steps: Steps | Callable[[], Steps], *, register: PayerDirectory,
                 clock: Clock, actor: str, today: date | None = None) -> None:
        """``steps``: the steps, or a function that makes them on first use (the real ones open the
        documents, signing and gateway services, which starting or reading a run does not need)."""
        self.store = store
        self.register = register
        self.clock = clock
        self.actor = actor
        given = hasattr(steps, "build")
        self._steps: Steps | None = steps if given else None  # type: ignore[assignment]
        self._make_steps: Callable[[], Steps] | None = None if given else steps  # type: ignore[assignment]
        self.today = today or clock.today()
        self.receipt_wait = 60.0      # seconds to wait for receipts before leaving the run "waiting"
        # True: a set with verification warnings is not signed in this pass; it stays "verified"
        # (the person reads the report, then resumes without holding to sign it)
        self.hold_warnings = False

    @property
    def steps(self) -> Steps:
        if self._steps is None:
            assert self._make_steps is not None
            self._steps = self._make_steps()
        return self._steps

    # -- starting ----------------------------------------------------------------------------------
    def resolve_clients(self, clients: str | list[str]) -> list[int]:
        """``all`` or NIPs (list or comma-separated) → payer ids, in register order."""
        payers = self.register.list_payers()
        if clients in ("all", ["all"]):
            ids = [p.id for p in payers]
        else:
            wanted = [c.strip().replace("-", "") for c in (clients.split(",") if isinstance(clients, str)
                                                            else clients) if c.strip()]
            by_nip = {p.nip: p.id for p in payers}
            missing = [n for n in wanted if n not in by_nip]
            if missing:
                raise UserFacingError(UNKNOWN_CLIENT(nip=", ".join(missing)))
            ids = [by_nip[n] for n in wanted]
        if not ids:
            raise UserFacingError(NO_CLIENTS)
        return ids  # type: ignore[return-value]

    def start(self, period: Period, payer_ids: list[int], *, submit: bool = True) -> int:
        if not payer_ids:
            raise UserFacingError(NO_CLIENTS)
        return self.store.create_run(str(period), list(dict.fromkeys(payer_ids)), submit=submit, actor=self.actor)

    def get(self, run_id: int) -> Run:
        run = self.store.run(run_id)
        if run is None:
            raise UserFacingError(NO_RUN(id=run_id))
        return run

    # -- running -----------------------------------------------------------------------------------
    def run(self, run_id: int, *, progress: Progress | None = None,
            on_client: Callable[[RunClient], None] | None = None, stop_after: str | None = None) -> Run:
        """Run (or resume) ``run_id`` to its end; Cancelled leaves it open for a later resume.

        ``stop_after="verify"`` prepares and verifies only (no key at hand): the run stays open and a
        later resume with a key signs and sends.
        """
        run = self.get(run_id)
        progress = progress or Progress()
        clients = self.store.clients(run_id)
        last = 5 if run.submit else 3
        progress.set_total(sum(max(0, last - min(STEP_ORDER[c.step], last)) for c in clients) or 1)
        ctx = _RunContext(self, run, progress, on_client, last)
        if run.state in ("done", "cancelled") and not any(c.step == "submitted" for c in clients):
            return run
        self.store.set_run(run_id, state="open")
        for phase in PHASES[:-1]:
            if phase in ("submit", "receipts") and not run.submit:
                continue
            self.store.set_run(run_id, phase=phase)
            progress.note(PHASE_LABELS[phase].render())
            getattr(self, f"_phase_{phase}")(ctx)
            if phase == stop_after:
                break
        return self._settle(run)

    def _settle(self, run: Run) -> Run:
        """done when every client is final, waiting when only receipts are missing, else open."""
        final = set(FINAL_STEPS) | (set() if run.submit else {"signed"})
        unfinished = [c.step for c in self.store.clients(run.id) if c.step not in final]
        if not unfinished:
            self.store.set_run(run.id, state="done", phase="done")
        elif all(step == "submitted" for step in unfinished):
            self.store.set_run(run.id, state="waiting", phase="receipts")
        else:  # not signed yet (no key, or held for warnings): a later resume goes on with them
            self.store.set_run(run.id, state="open")
        return self.get(run.id)

    def _each(self, ctx: _RunContext, phase: str, fn: Callable[[RunClient], None]) -> None:
        for client in self.store.clients(ctx.run.id):
            if client.step != PHASE_INPUT[phase]:
                continue
            ctx.progress.check()
            try:
                fn(client)
            except (Cancelled, DatabaseUnavailable):  # the database gone: the run pauses (store/outage.py)
                raise
            except Exception as exc:  # one client's failure never stops the others
                if not isinstance(exc, UserFacingError):
                    log.exception("month run %s: client %s failed in %s", ctx.run.id, client.payer_id, phase)
                ctx.fail(client, phase, _text_of(exc))

    def _phase_build(self, ctx: _RunContext) -> None:
        period = Period.parse(ctx.run.period)

        def build(client: RunClient) -> None:
            built = self.steps.build(client.payer_id, period)
            step = {"draft": "built", "verified": "built", "signed": "signed", "queued": "signed",
                    "sent": "submitted", "accepted": "accepted", "rejected": "failed"}.get(built.set_status, "built")
            if built.submission_id is not None and step in ("signed", "submitted"):
                step = "submitted"
            values: dict[str, Any] = {"set_id": built.set_id, "changes": [
                {"pl": c.render("pl"), "en": c.render("en")} for c in built.changes]}
            if step == "failed":
                ctx.fail(client, "build", Text(f"{PREVIOUSLY_REJECTED.pl} {PREVIOUSLY_REJECTED_HINT.pl}",
                                               f"{PREVIOUSLY_REJECTED.en} {PREVIOUSLY_REJECTED_HINT.en}"),
                         set_id=built.set_id)
                return
            if built.submission_id is not None:
                values["submission_id"] = built.submission_id
            if built.note is not None:
                values["note"] = built.note
            ctx.move(client, step, "month.build", f"set {built.set_id}", **values)

        self._each(ctx, "build", build)

    def _phase_verify(self, ctx: _RunContext) -> None:
        def verify(client: RunClient) -> None:
            checked = self.steps.verify(client.set_id)  # type: ignore[arg-type]
            if checked.errors:
                ctx.fail(client, "verify", VERIFY_ERRORS(errors=checked.errors, warnings=checked.warnings),
                         warnings=checked.warnings, errors=checked.errors)
                return
            ctx.move(client, "verified", "month.verify", f"set {client.set_id}: {checked.warnings} warnings",
                     warnings=checked.warnings, errors=0)

        self._each(ctx, "verify", verify)

    def _accountant_pesel(self) -> str:
        for accountant in self.register.list_accountants():
            if accountant.name == self.actor and accountant.pesel:
                return accountant.pesel
        raise UserFacingError(NO_ACCOUNTANT(name=self.actor or "?"), hint=NO_ACCOUNTANT_HINT)

    def _phase_sign(self, ctx: _RunContext) -> None:
        todo: dict[int, RunClient] = {}

        def prepare(client: RunClient) -> None:
            status = self.steps.set_status(client.set_id)  # type: ignore[arg-type]
            if status != "verified":  # signed before a crash, or edited back to draft since
                ctx.move(client, "signed" if status in ("signed", "queued", "sent") else "built", None, "")
                return
            if not self.register.is_authorised(client.payer_id, self.actor, self.today):
                ctx.fail(client, "sign", Text(
                    f"{NOT_AUTHORISED.pl.format(name=self.actor, day=self.today)} {NOT_AUTHORISED_HINT.pl}",
                    f"{NOT_AUTHORISED.en.format(name=self.actor, day=self.today)} {NOT_AUTHORISED_HINT.en}"))
                return
            if self.hold_warnings and client.warnings:
                return  # stays "verified" until a resume that signs sets with warnings
            todo[client.set_id] = client  # type: ignore[index]

        self._each(ctx, "sign", prepare)
        if not todo:
            return
        pesel = self._accountant_pesel()

        def check_signer(info: CertificateInfo) -> None:
            if info.pesel != pesel:
                raise UserFacingError(WRONG_SIGNER(cert=info.pesel or "—", name=self.actor, pesel=pesel),
                                      hint=WRONG_SIGNER_HINT)

        def signed(set_id: int, note: Text | None = None) -> None:
            ctx.move(todo[set_id], "signed", "month.sign", f"set {set_id}",
                     **({"note": note} if note is not None else {}))
            ctx.progress.check()

        def failed(set_id: int, why: Text) -> None:
            ctx.fail(todo[set_id], "sign", why)

        self.steps.sign(list(todo), check_signer=check_signer, on_signed=signed, on_failed=failed,
                        progress=ctx.progress)

    def _phase_submit(self, ctx: _RunContext) -> None:
        def submit(client: RunClient) -> None:
            answer = self.steps.submit(client.set_id)  # type: ignore[arg-type]
            done = answer if isinstance(answer, Submitted) else Submitted(answer)
            extra: dict[str, Any] = {"note": done.note} if done.note is not None else {}
            ctx.move(client, "submitted", "month.submit", f"set {client.set_id}, submission {done.submission_id}",
                     submission_id=done.submission_id, **extra)

        self._each(ctx, "submit", submit)

    def _phase_receipts(self, ctx: _RunContext) -> None:
        waiting = {c.submission_id: c for c in self.store.clients(ctx.run.id)
                   if c.step == "submitted" and c.submission_id is not None}
        deadline = time.monotonic() + self.receipt_wait
        while waiting:
            ctx.progress.check()
            left = deadline - time.monotonic()
            results = self.steps.collect(list(waiting), max(0.0, min(1.0, left)), ctx.progress)
            for sid, result in results.items():
                client = waiting.get(sid)
                if client is None or result.state == "pending":
                    continue
                del waiting[sid]
                if result.state == "accepted":
                    ctx.move(client, "accepted", "month.receipt", f"submission {sid} accepted")
                else:
                    ctx.fail(client, "receipts", result.problem or t("Odrzucona.", "Rejected."),
                             step=result.state if result.state in FINAL_STEPS else "failed")
            if left <= 0:
                break


class _RunContext:
    """One execution of a run: moves clients on, records failures, reports progress."""

    def __init__(self, runner: MonthRunner, run: Run, progress: Progress,
                 on_client: Callable[[RunClient], None] | None, last: int) -> None:
        self.runner, self.run, self.progress, self.on_client, self.last = runner, run, progress, on_client, last

    def _advance(self, old: str, new: str) -> None:
        done = min(STEP_ORDER[new], self.last) - min(STEP_ORDER[old], self.last)
        if new in FINAL_STEPS:
            done = self.last - min(STEP_ORDER[old], self.last)
        if done > 0:
            # step() reports at most every 50 ms (a GUI listener must not be flooded) and honours
            # pause/cancel right after the client's new step is stored
            self.progress.step(done)

    def move(self, client: RunClient, step: str, audit: str | None, details: str, **values: Any) -> None:
        updated = self.runner.store.update_client(self.run.id, client.payer_id, actor=self.runner.actor,
                                                  audit=audit, details=details, step=step, **values)
        old, client.step = client.step, step
        if self.on_client is not None:
            self.on_client(updated)
        self._advance(old, step)  # last: it may raise Cancelled, after everything is recorded

    def fail(self, client: RunClient, phase: str, why: Text, *, step: str = "failed", **values: Any) -> None:
        updated = self.runner.store.update_client(
            self.run.id, client.payer_id, actor=self.runner.actor, audit=f"month.{phase}.failed",
            details=why.render("pl"), step=step, failed_step=phase, error=why, **values)
        old, client.step = client.step, step
        if self.on_client is not None:
            self.on_client(updated)
        self._advance(old, step)  # last: it may raise Cancelled, after everything is recorded
