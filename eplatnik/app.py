"""Composition root: settings → store → services. No Qt here.

``App`` is what both the GUI and the CLI hold. Services of later areas are created lazily, so a
command that only needs the register does not load signing or network code.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import i18n
from .clock import Clock, clock_from_env
from .events import EventBus
from .seat import Seat
from .settings import LANGUAGE, Settings, default_basedir
from .store.database import Database, open_database
from .store.urls import DatabaseUrl, parse_database_url

if TYPE_CHECKING:
    from .account.service import AccountService
    from .applications.send import ApplicationSender
    from .dashboard import DashboardService
    from .forms.holds import Holds
    from .forms.service import DocumentService
    from .gateway.locator import GatewayLocator
    from .gateway.service import GatewayService
    from .letters.service import LettersService
    from .month.run import MonthRunner, Steps
    from .month.service import MonthService
    from .month.steps import ServiceSteps
    from .month.store import MonthStore, PeriodReadModel
    from .net import HttpTransport
    from .notify.service import NotificationService
    from .params.store import ParamsStore
    from .progress import Progress
    from .register.service import RegisterService
    from .relief.service import ReliefService
    from .sandbox.embedded import EmbeddedSandbox
    from .signing.keysource import KeySource, PinPrompt
    from .signing.service import SigningService
    from .store.audit import AuditLog
    from .store.evidence import EvidenceStore
    from .store.watch import ChangeFeed, ExternalChanges
    from .store.workspace_files import WorkspaceFileStore
    from .visits.service import VisitsService
    from .workspace.manifest import BackupResult
    from .workspace.shared_files import SharedFiles

log = logging.getLogger(__name__)


#: the workspace database for every program started with this environment (an office's PostgreSQL)
DATABASE_URL_ENV = "EPLATNIK_DATABASE_URL"


def database_location(settings: Settings, given: str | DatabaseUrl | None = None) -> DatabaseUrl:
    """Where the workspace's data lives: ``given`` (``--database``), else ``EPLATNIK_DATABASE_URL``, else
    this seat's ``database.url`` setting, else the SQLite file in the workspace folder. A malformed
    address is a DatabaseUrlError (exit 2) naming it without its password."""
    import os

    from .settings import DATABASE_URL

    for value in (given, os.environ.get(DATABASE_URL_ENV), settings.get(DATABASE_URL)):
        if value is not None and (not isinstance(value, str) or value.strip()):
            return parse_database_url(value)
    return parse_database_url(settings.db_path)


class App:
    def __init__(self, basedir: Path | str | None = None, *, gateway_url: str | None = None,
                 language: str | None = None, clock: Clock | None = None,
                 database: Database | str | DatabaseUrl | None = None, open_in_background: bool = False,
                 open_when: threading.Event | None = None) -> None:
        """``database``: where the workspace's data lives — an open Database (the App closes it), or a
        path/URL (``--database``). Without it: ``EPLATNIK_DATABASE_URL``, then this seat's
        ``database.url`` setting, then the SQLite file ``<basedir>/eplatnik.db`` (``database_location``).
        ``open_in_background``: do not wait for the database (``self.db.opened()`` tells when it is open, or
        why not) — the GUI's window comes up while an office database is reached; ``open_when``: and only
        once that event is set (the window's first frame)."""
        #: the one source of "today" and "now" for everything this App builds (clock.py)
        self.clock: Clock = clock or clock_from_env()
        self.basedir = Path(basedir) if basedir else default_basedir()
        self.settings = Settings(self.basedir)
        self.seat = Seat(self.settings.seat)
        self.language = language or self.settings.get(LANGUAGE)
        i18n.set_language(self.language)
        self.gateway_url_override = gateway_url
        self.events = EventBus()
        if isinstance(database, Database):
            self.db: Database = database
        else:
            self.db = open_database(database_location(self.settings, database), seat=self.seat.id, clock=self.clock,
                                    background=open_in_background, start=open_when)
        # every audited change names this seat and the accountant at it (store/audit.py)
        self.db.identify(seat=self.seat.id, actor=lambda: self.actor)
        if self.db.dialect == "postgresql":  # an office: the shared settings are the database's
            if open_in_background:  # read once the database is open (the window does not wait for it)
                self.share_workspace_settings_later()
            else:
                try:
                    self._share_workspace_settings()
                except BaseException:
                    self.db.close()
                    raise
        self._closers: list[Callable[[], object]] = []
        # the "sandbox" profile's gateway: a child process started on first use (sandbox.embedded),
        # or the URL of the one the parent started when this App lives in a background job
        self.embedded_sandbox_url_given: str | None = None
        self._embedded_sandbox: EmbeddedSandbox | None = None
        self._lock = threading.Lock()
        self._jobs: set[Any] = set()   # JobProcess children (jobs/process.py)

    def share_workspace_settings_later(self) -> None:
        """The office's shared settings, read on the database thread after the (background) opening;
        until then this seat's copy of them answers."""
        from .store.settings_store import WorkspaceSettingsStore

        WorkspaceSettingsStore(self.db, self.clock).when_open(self._share_workspace_settings)

    def _share_workspace_settings(self) -> None:
        from .store.settings_store import SharedSettingsFile, WorkspaceSettingsStore

        store = WorkspaceSettingsStore(self.db, self.clock)
        if store.adopt(self.settings.workspace_values_in_file(), changed_by=self._changed_by()):
            # the office's first desk: the KEDU schema and CA bundle its settings name by path, and its
            # installed parameter years, become the office's files (their content; workspace/shared_files.py)
            from .workspace.shared_files import adopt_legacy_files

            for problem in adopt_legacy_files(self.db, self.basedir, clock=self.clock, changed_by=self._changed_by()):
                log.warning("%s", problem)
        shared = SharedSettingsFile(store, changed_by=self._changed_by)
        self.settings.share_workspace(shared)
        # another seat changed one: read them again now (the change feed), not only at the next refresh
        def heard(_topic: str, payload: dict[str, Any]) -> None:
            if payload.get("external"):
                shared.refresh_soon()

        self.events.subscribe("settings.changed", heard)

    def _changed_by(self) -> str:
        """Who changes a shared setting: "Anna Nowak (biuro-3:anowak)", or the seat alone."""
        return f"{self.actor} ({self.seat.id})" if self.actor else self.seat.id

    @property
    def database_url(self) -> DatabaseUrl:
        """Where this workspace's data lives (``str()`` of it never shows a password)."""
        return self.db.url

    @property
    def actor(self) -> str:
        """The named accountant (or owner) acting in this session; recorded in the audit log."""
        return self.seat.accountant()

    @cached_property
    def http(self) -> HttpTransport:
        """The process's one HTTP transport (kept-alive connections; proxy from this seat's settings)."""
        from .net import HttpTransport, NetConfig

        transport = HttpTransport(lambda: NetConfig.from_settings(self.settings))
        self.on_close(transport.close)
        return transport

    @cached_property
    def locator(self) -> GatewayLocator:
        """Which gateway (profile, URL) — one answer for submission, letters and e-visits."""
        from .gateway.locator import GatewayLocator

        return GatewayLocator(self.settings, override_url=lambda: self.gateway_url_override,
                              sandbox_url=self.embedded_sandbox_url,
                              sandbox_url_if_running=self.embedded_sandbox_url_if_running)

    @cached_property
    def params(self) -> ParamsStore:
        """The contribution parameter files: packaged, and installed into this workspace (which win) —
        stored in its database (store/workspace_files.py), so on an office every desk computes with the file
        one desk installed; another desk's install empties this desk's cache at once (the change feed)."""
        from .params.store import ParamsStore, SharedParams

        store = ParamsStore(self.settings.params_dir, shared=SharedParams(
            self.workspace_files, self.basedir / "cache" / "workspace-files", changed_by=self._changed_by))
        self.events.subscribe("files.changed", lambda _topic, _payload: store.forget())
        return store

    @cached_property
    def workspace_files(self) -> WorkspaceFileStore:
        """The files the workspace shares in its database: parameter years, KEDU schema, CA bundle."""
        from .store.workspace_files import WorkspaceFileStore

        return WorkspaceFileStore(self.db, self.clock)

    @cached_property
    def shared_files(self) -> SharedFiles:
        """The official KEDU schema and the trusted CA bundle in force (workspace/shared_files.py)."""
        from .workspace.shared_files import SharedFiles

        return SharedFiles(self.workspace_files, self.settings, self.basedir / "cache" / "workspace-files",
                           changed_by=self._changed_by)

    @cached_property
    def register(self) -> RegisterService:
        from .register.service import RegisterService
        from .register.store import RegisterStore

        return RegisterService(RegisterStore(self.db), audit=self.audit, events=self.events,
                               clock=self.clock, actor=lambda: self.actor)

    @cached_property
    def audit(self) -> AuditLog:
        """Who did what: the audit log, and per client everything recorded about it (``for_client``)."""
        from .store.audit import AuditLog

        return AuditLog(self.db, self.clock)

    @cached_property
    def dashboard(self) -> DashboardService:
        """Per client what is due, in what state, and the next step (the start screen, ``month --missed``)."""
        from .dashboard import DashboardService
        from .letters.store import LettersStore
        from .settings import EXPIRY_WARNING_DAYS

        # the account and the signing stack are built (imported) only when the dashboard loads
        return DashboardService(register=self.register, sets=self.month_periods,
                                arrears=lambda today: self.account.arrears_by_payer(today),
                                certificates=lambda days: self.signing.expiring_certificates(days),
                                params=lambda: self.params, unread_letters=LettersStore(self.db).unread_by_payer,
                                warn_days=lambda: self.settings.get(EXPIRY_WARNING_DAYS), clock=self.clock)

    @cached_property
    def evidence(self) -> EvidenceStore:
        """Signed and official bytes (store/evidence.py): files under ``documents/`` of a one-seat
        workspace; table ``evidence_files`` of an office's PostgreSQL database (nothing evidential
        lives only on one seat's disk; this seat keeps checked copies for viewers in ``cache/``)."""
        from .store.evidence import DbEvidence, FileEvidence

        if self.db.dialect == "postgresql":
            return DbEvidence(self.db, clock=self.clock, cache_dir=self.basedir / "cache" / "evidence")
        return FileEvidence(self.settings.documents_dir)

    @cached_property
    def documents(self) -> DocumentService:
        from .forms.holds import DOCUMENT_SET
        from .forms.service import DocumentService
        from .forms.store import DocumentStore

        service = DocumentService(DocumentStore(self.db), register=self.register, params=self.params,
                                  clock=self.clock, events=self.events, actor=self.seat.accountant,
                                  official_schema=self.shared_files.kedu_schema_path,
                                  evidence=self.evidence)
        service.check_hold = lambda set_id: self.holds.check(DOCUMENT_SET, set_id)  # another desk's edit/sign
        return service

    @cached_property
    def signing(self) -> SigningService:
        from .settings import EXPIRY_WARNING_DAYS, P12_PATH, PKCS11_MODULE
        from .signing.service import KeySettings, SigningService

        get = self.settings.get
        return SigningService(
            key_settings=lambda: KeySettings(get(PKCS11_MODULE) or "", get(P12_PATH) or ""),
            trust_bundle=self.shared_files.ca_bundle_path, expiry_days=lambda: int(get(EXPIRY_WARNING_DAYS)),
            documents=self.documents, known_file=self.basedir / SigningService.KNOWN_FILE, clock=self.clock)

    @cached_property
    def gateway(self) -> GatewayService:
        from .applications.package import relief_package
        from .gateway.outbox_store import OutboxStore
        from .gateway.receipts import ReceiptArchive
        from .gateway.service import GatewayService
        from .gateway.transport import JsonGatewayTransport
        from .settings import GATEWAY_TIMEOUT

        def timeout() -> float:
            return float(self.settings.get(GATEWAY_TIMEOUT))

        outbox = OutboxStore(self.db, self.clock)
        return GatewayService(
            outbox, locator=self.locator, archive=ReceiptArchive(self.evidence, outbox),
            transport=lambda url, cancel: JsonGatewayTransport(self.http, url, timeout=timeout(), cancel=cancel),
            timeout=timeout, documents=self.documents, verify_stored=lambda data: self.signing.verify_stored(data),
            clock=self.clock, events=self.events, actor=self.seat.accountant, sandbox_dir=self.basedir / "sandbox",
            packages=(relief_package,))

    @cached_property
    def account(self) -> AccountService:
        from .account.service import AccountService
        from .account.store import AccountStore

        return AccountService(AccountStore(self.db), self.documents, self.register.list_payers,
                              self.register.all_entered_nrs,
                              self.clock, self.events, actor=lambda: self.actor)

    @cached_property
    def month_store(self) -> MonthStore:
        """The month area's tables (runs and their clients): built here only."""
        from .month.store import MonthStore

        return MonthStore(self.db, self.clock)

    @cached_property
    def month_periods(self) -> PeriodReadModel:
        """Each client's monthly set and its submission per period, read from the documents and the
        outbox (the month table, the run, the dashboard)."""
        from .month.store import PeriodReadModel

        return PeriodReadModel(self.db)

    @cached_property
    def month(self) -> MonthService:
        """Month-end workflows for the CLI and the GUI: the month table, runs, summary, notes, NRS."""
        from .month.service import MonthService

        return MonthService(self.month_store, self.month_periods, register=self.register, documents=self.documents,
                            account=self.account, certificates=self.signing, renderers=_MonthReports(),
                            evidence=self._evidence_zip,
                            clock=self.clock, actor=lambda: self.actor)

    def _evidence_zip(self, nip: str, period: str, output: Path) -> int:
        from .gateway.export import export_month

        return export_month(self.gateway, nip, period, output, receipt_pdf=_MonthReports().receipt_pdf)

    def month_steps(self, source: KeySource | None = None, prompt: PinPrompt | None = None) -> ServiceSteps:
        """The month-end run's steps over the real documents, signing and gateway services."""
        from .month.steps import ServiceSteps

        signing = self.signing  # its certificate list feeds "certificate expires soon" (B3 makes it public)
        return ServiceSteps(self.documents, self.gateway, self.month_periods, clock=self.clock,
                            on_key_used=signing._remember, source=source, prompt=prompt)

    def month_runner(self, steps: Steps | None = None, *, source: KeySource | None = None,
                     prompt: PinPrompt | None = None) -> MonthRunner:
        """A month-end runner acting as this session's person; the real steps unless ``steps``."""
        from .month.run import MonthRunner

        return MonthRunner(self.month_store, steps or (lambda: self.month_steps(source, prompt)),
                           register=self.register, clock=self.clock, actor=self.actor)

    @cached_property
    def relief(self) -> ReliefService:
        from .account.interest import load_interest_table
        from .relief.service import ReliefService

        return ReliefService(self.account.ledger_for_nip, self.clock, load_interest_table)

    @cached_property
    def letters(self) -> LettersService:
        from .letters.client import LettersTransport
        from .letters.service import LettersService
        from .letters.store import LettersStore
        from .settings import GATEWAY_TIMEOUT

        register = self.register

        def signers() -> list[str]:  # the office's accountants who hold authorisations (ZUS-PEL)
            return [a.pesel for a in register.list_accountants() if a.active and a.pesel]

        def transport() -> LettersTransport:  # the active gateway (the profile may change in Ustawienia)
            return LettersTransport(self.http, self.locator.url(), timeout=float(self.settings.get(GATEWAY_TIMEOUT)))

        return LettersService(LettersStore(self.db), clock=self.clock, events=self.events,
                              evidence=self.evidence, gateway=self.gateway,
                              transport=transport, signers=signers)

    @cached_property
    def applications(self) -> ApplicationSender:
        """Relief applications to ZUS: signed, sent through the outbox, answered by letter."""
        from .applications.send import ApplicationSender

        return ApplicationSender(gateway=self.gateway, letters=self.letters, clock=self.clock)

    @cached_property
    def notifications(self) -> NotificationService:
        from . import settings as s
        from .gateway.outbox import Filter
        from .mailer import SmtpConfig, config_from_settings
        from .notify.service import NotificationService
        from .notify.store import NotifyStore

        def smtp() -> SmtpConfig | None:
            return config_from_settings(self.settings) if self.settings.get(s.SMTP_HOST) else None

        def rejected() -> list[Any]:
            return self.gateway.list(Filter(state="rejected"), limit=10000)

        return NotificationService(NotifyStore(self.db), clock=self.clock, smtp=smtp,
                                   recipient=lambda: self.settings.get(s.NOTIFY_EMAIL_TO),
                                   letters=lambda: self.letters.views(), rejected=rejected)

    @cached_property
    def visits(self) -> VisitsService:
        from .settings import GATEWAY_TIMEOUT, VISIT_SLOT_MINUTES
        from .visits.client import BookingClient
        from .visits.service import VisitsService
        from .visits.store import VisitsRepo

        def booking(url: str) -> BookingClient:
            return BookingClient(url, http=self.http, timeout=float(self.settings.get(GATEWAY_TIMEOUT)))

        return VisitsService(VisitsRepo(self.db, self.clock), locator=self.locator, booking=booking,
                             register=self.register, events=self.events, clock=self.clock,
                             slot_minutes=lambda: int(self.settings.get(VISIT_SLOT_MINUTES)))

    # -- the workspace as a whole (eplatnik.workspace) ------------------------------------------------------
    def create_backup(self, target: Path | str | None = None, progress: Progress | None = None) -> BackupResult:
        """A backup ZIP of this workspace at ``target`` (default: ``backups/kopia-eplatnik-<time>.zip``)."""
        from .workspace.backup import create_backup, default_backup_path

        target = target or default_backup_path(self.settings.backups_dir, self.clock)
        if self.db.dialect == "postgresql":  # an office: rows and evidence as JSON lines
            from .workspace.office_backup import create_office_backup

            return create_office_backup(self.db, target, clock=self.clock, progress=progress)
        return create_backup(self.db, self.basedir, target, clock=self.clock, progress=progress)

    def default_backup_path(self) -> Path:
        from .workspace.backup import default_backup_path

        return default_backup_path(self.settings.backups_dir, self.clock)

    def about_info(self) -> dict[str, Any]:
        """Version, licence, the active gateway profile and where this workspace keeps its data."""
        from .workspace.info import about_info

        return about_info(basedir=self.basedir, schema_version=int(self.db.schema_revision() or 0),
                          profile=self.locator.active_profile(),
                          office=str(self.db.url) if self.db.dialect == "postgresql" else None)

    def embedded_sandbox_url(self) -> str:
        """The URL of this workspace's sandbox (``<basedir>/sandbox``), started on first use."""
        if self.embedded_sandbox_url_given:
            return self.embedded_sandbox_url_given
        with self._lock:
            if self._embedded_sandbox is None:
                from .sandbox.embedded import EmbeddedSandbox

                self._embedded_sandbox = EmbeddedSandbox(self, self.basedir / "sandbox").start()
                self.on_close(self._embedded_sandbox.stop)
            return self._embedded_sandbox.url

    def start_sandbox_if_gateway(self) -> None:
        """Start the workspace sandbox now when it is the active gateway (before a job child that
        sends is started, so the child uses this sandbox instead of starting a second one)."""
        if self.locator.active_profile().name == "sandbox":
            self.embedded_sandbox_url()

    def embedded_sandbox_url_if_running(self) -> str | None:
        if self.embedded_sandbox_url_given:
            return self.embedded_sandbox_url_given
        return (self._embedded_sandbox.current_url or None) if self._embedded_sandbox is not None else None

    @cached_property
    def holds(self) -> Holds:
        """Who edits or signs which set at which desk (store/holds.py)."""
        from .forms.holds import Holds
        from .store.holds import HoldStore

        holds = Holds(HoldStore(self.db), self.clock, seat=self.seat.id, actor=lambda: self.actor,
                      events=self.events)
        self.on_close(holds.release_all)
        return holds

    def watch_other_processes(self) -> ExternalChanges | ChangeFeed:
        """Publish the workspace's change events when another process (a CLI run, another window, another
        seat of the office) commits to this workspace, so what the GUI shows follows their work
        (``store.watch``: LISTEN/NOTIFY on PostgreSQL, SQLite's data_version elsewhere)."""
        from .store.watch import watch

        watcher = watch(self.db, self.events)
        self.on_close(watcher.stop)
        return watcher

    def track_job(self, child: Any) -> None:
        with self._lock:
            self._jobs.add(child)

    def untrack_job(self, child: Any) -> None:
        with self._lock:
            self._jobs.discard(child)

    def on_close(self, fn: Callable[[], object]) -> None:
        """Register a function to run when the app closes (servers, token sessions, pools)."""
        self._closers.append(fn)

    def close(self) -> None:
        with self._lock:
            jobs, self._jobs = list(self._jobs), set()
        for child in jobs:  # background jobs stop after their current step; they resume next time
            child.stop()
        for fn in reversed(self._closers):
            try:
                fn()
            except Exception:
                log.exception("error while closing")
        self._closers.clear()
        self.db.close()

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def params_store(settings: Settings) -> ParamsStore:
    """A workspace's parameter files without opening its database: only those an older version wrote into
    its ``params`` folder (``eplatnik-cli params`` on a workspace that has no database yet)."""
    from .params.store import ParamsStore

    return ParamsStore(settings.params_dir)


class _MonthReports:
    """The month area's PDFs (``month.ports.Renderers``), imported when first printed."""

    def office_summary_pdf(self, summary: object, lang: str) -> bytes:
        from .reports.office_summary_pdf import render_office_summary_pdf

        return render_office_summary_pdf(summary, lang)  # type: ignore[arg-type]

    def payment_note_pdf(self, note: object, lang: str) -> bytes:
        from .reports.payment_note_pdf import render_payment_note_pdf

        return render_payment_note_pdf(note, lang)  # type: ignore[arg-type]

    def receipt_pdf(self, gateway: GatewayService, sub: object) -> bytes:
        from .reports.receipt_pdf import render_receipt_pdf

        return render_receipt_pdf(gateway, sub)  # type: ignore[arg-type]
