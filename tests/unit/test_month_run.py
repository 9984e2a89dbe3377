"""The month-end run as a state machine (real SQLite workspace, injected step functions):
phases in order, one PIN batch, a client's failure isolated, cancel + resume without repeats,
the audit log naming who did what, the authorisation and signer checks."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from eplatnik.errors import Cancelled, UserFacingError
from eplatnik.i18n import t
from eplatnik.month.run import Built, Checked, Collected
from eplatnik.period import Period
from eplatnik.progress import Progress

pytestmark = pytest.mark.both_backends  # app/demo_app on SQLite and on PostgreSQL (tests/plugins/postgres.py)

PERIOD = Period(2026, 10)


@dataclass
class FakeCert:
    pesel: str


@dataclass
class FakeSteps:
    """Counts every call, so a resumed run can be shown to repeat nothing."""

    signer_pesel: str
    bad_payers: set = field(default_factory=set)
    rejected_payers: set = field(default_factory=set)
    calls: dict = field(default_factory=lambda: {"build": [], "verify": [], "sign_batches": [], "submit": [],
                                                 "collect": 0})
    status: dict = field(default_factory=dict)
    cancel_after_signing: int | None = None

    def build(self, payer_id, period):
        self.calls["build"].append(payer_id)
        if payer_id in self.bad_payers:
            raise UserFacingError(t("Brak danych.", "Missing data."))
        self.status[payer_id * 10] = "draft"
        return Built(payer_id * 10, "draft", [t("zmiana", "change")])

    def set_status(self, set_id):
        return self.status.get(set_id, "verified")  # a fresh FakeSteps after a restart

    def verify(self, set_id):
        self.calls["verify"].append(set_id)
        self.status[set_id] = "verified"
        return Checked(warnings=1, errors=0)

    def sign(self, set_ids, *, check_signer, on_signed, on_failed, progress):
        self.calls["sign_batches"].append(list(set_ids))
        check_signer(FakeCert(self.signer_pesel))
        for n, set_id in enumerate(set_ids, 1):
            self.status[set_id] = "signed"
            on_signed(set_id)
            if self.cancel_after_signing == n:
                raise Cancelled()

    def submit(self, set_id):
        self.calls["submit"].append(set_id)
        return set_id + 1

    def collect(self, ids, wait, progress):
        self.calls["collect"] += 1
        return {i: (Collected("rejected", t("Błąd w bloku III.", "Error in block III."))
                    if (i - 1) // 10 in self.rejected_payers else Collected("accepted")) for i in ids}


def _pesel(app):
    return next(a.pesel for a in app.register.list_accountants() if a.name == app.actor)


def test_full_run_moves_every_client_through_all_phases(demo_app):
    steps = FakeSteps(_pesel(demo_app))
    runner = demo_app.month_runner(steps)
    ids = runner.resolve_clients("all")
    run_id = runner.start(PERIOD, ids)
    seen = []
    progress = Progress()
    run = runner.run(run_id, progress=progress, on_client=lambda c: seen.append((c.payer_id, c.step)))
    assert run.state == "done"
    assert [c.step for c in runner.store.clients(run_id)] == ["accepted"] * 3
    assert len(steps.calls["sign_batches"]) == 1 and len(steps.calls["sign_batches"][0]) == 3  # one PIN entry
    assert progress.done == progress.total == 15
    assert (ids[0], "built") in seen
    actions = [r["action"] for r in demo_app.register.audit_entries() if r["action"].startswith("month.")]
    assert actions.count("month.sign") == 3 and actions.count("month.submit") == 3
    assert {r["actor"] for r in demo_app.register.audit_entries() if r["action"].startswith("month.")} == \
        {demo_app.actor}


def test_one_clients_bad_data_and_rejection_do_not_stop_the_others(demo_app):
    runner = demo_app.month_runner()
    ids = runner.resolve_clients("all")
    steps = FakeSteps(_pesel(demo_app), bad_payers={ids[0]}, rejected_payers={ids[1]})
    runner._steps = steps
    run_id = runner.start(PERIOD, ids)
    runner.run(run_id)
    by_payer = {c.payer_id: c for c in runner.store.clients(run_id)}
    assert by_payer[ids[0]].step == "failed" and by_payer[ids[0]].failed_step == "build"
    assert by_payer[ids[0]].error_text("en") == "Missing data."
    assert by_payer[ids[1]].step == "rejected" and "block III" in by_payer[ids[1]].error_text("en")
    assert by_payer[ids[2]].step == "accepted"


def test_cancel_during_signing_then_resume_repeats_nothing(demo_app):
    steps = FakeSteps(_pesel(demo_app), cancel_after_signing=1)
    runner = demo_app.month_runner(steps)
    run_id = runner.start(PERIOD, runner.resolve_clients("all"))
    with pytest.raises(Cancelled):
        runner.run(run_id)
    assert runner.get(run_id).state == "open"
    assert [c.step for c in runner.store.clients(run_id)] == ["signed", "verified", "verified"]
    steps.cancel_after_signing = None
    # a new runner, as after restarting the program
    again = demo_app.month_runner(steps)
    assert again.run(run_id).state == "done"
    assert len(steps.calls["build"]) == 3 and len(steps.calls["verify"]) == 3
    assert [len(b) for b in steps.calls["sign_batches"]] == [3, 2]  # the signed one is not signed again
    assert sorted(steps.calls["submit"]) == sorted(set(steps.calls["submit"]))


def test_unauthorised_client_is_not_signed(demo_app):
    nowak = next(p for p in demo_app.register.list_payers() if p.nip == "7792433421")
    for auth in demo_app.register.list_authorisations(nowak.id):
        demo_app.register.revoke_authorisation(auth.id)
    steps = FakeSteps(_pesel(demo_app))
    runner = demo_app.month_runner(steps)
    run_id = runner.start(PERIOD, runner.resolve_clients("all"))
    runner.run(run_id)
    by_payer = {c.payer_id: c for c in runner.store.clients(run_id)}
    assert by_payer[nowak.id].step == "failed" and by_payer[nowak.id].failed_step == "sign"
    assert "authorisation" in by_payer[nowak.id].error_text("en")
    assert nowak.id * 10 not in steps.calls["sign_batches"][0]


def test_certificate_of_another_person_signs_nothing(demo_app):
    steps = FakeSteps("44051401359")
    runner = demo_app.month_runner(steps)
    run_id = runner.start(PERIOD, runner.resolve_clients("all"))
    with pytest.raises(UserFacingError) as err:
        runner.run(run_id)
    assert "44051401359" in err.value.render("en")
    assert all(c.step == "verified" for c in runner.store.clients(run_id))  # resumable with the right card


def test_unknown_nip_is_refused(demo_app):
    with pytest.raises(UserFacingError):
        demo_app.month_runner().resolve_clients("5261040828,1234563218")


def test_cancel_through_progress_keeps_and_reports_the_step_just_done(demo_app):
    steps = FakeSteps(_pesel(demo_app))
    runner = demo_app.month_runner(steps)
    run_id = runner.start(PERIOD, runner.resolve_clients("all"))
    progress = Progress()
    seen = []

    def on_client(client):
        seen.append((client.payer_id, client.step))
        progress.cancel()  # the person presses Stop while the first client is being built

    with pytest.raises(Cancelled):
        runner.run(run_id, progress=progress, on_client=on_client)
    stored = runner.store.clients(run_id)
    assert [c.step for c in stored] == ["built", "pending", "pending"]
    assert seen == [(stored[0].payer_id, "built")]  # what was stored was also reported
    assert runner.run(run_id).state == "done" and len(steps.calls["build"]) == 3


def test_two_accountants_each_action_names_who_did_it(tmp_path):
    """Maria prepares the month; Anna (her own authorisations and card) resumes, signs and sends."""
    from datetime import date

    from eplatnik.app import App
    from eplatnik.demo import create_demo
    from eplatnik.register.models import Accountant, Authorisation
    from eplatnik.settings import ACCOUNTANT

    basedir = tmp_path / "office"
    first = App(basedir)
    create_demo(first)
    anna = first.register.add_accountant(Accountant(name="Anna Zmiennik", pesel="44051401359"))
    for payer in first.register.list_payers():
        first.register.add_authorisation(Authorisation(payer_id=payer.id, accountant_id=anna.id,
                                                       valid_from=date(2024, 1, 1)))
    runner = first.month_runner(FakeSteps(_pesel(first)))
    run_id = runner.start(PERIOD, runner.resolve_clients("all"))
    runner.run(run_id, stop_after="verify")
    first.settings.set(ACCOUNTANT, "Anna Zmiennik")
    first.close()

    second = App(basedir)  # the program restarted on Anna's seat
    try:
        assert second.actor == "Anna Zmiennik"
        second.month_runner(FakeSteps("44051401359")).run(run_id)
        actors: dict[str, set] = {}
        for row in second.register.audit_entries():
            if row["action"].startswith("month."):
                actors.setdefault(row["action"], set()).add(row["actor"])
        assert actors["month.build"] == {"Maria Wiśniewska"} and actors["month.verify"] == {"Maria Wiśniewska"}
        assert actors["month.sign"] == {"Anna Zmiennik"} and actors["month.submit"] == {"Anna Zmiennik"}
        assert {c.actor for c in second.month_runner().store.clients(run_id)} == {"Anna Zmiennik"}
    finally:
        second.close()


def test_pause_holds_the_run_until_resumed(demo_app):
    import threading
    import time

    steps = FakeSteps(_pesel(demo_app))
    runner = demo_app.month_runner(steps)
    run_id = runner.start(PERIOD, runner.resolve_clients("all"))
    progress = Progress()
    paused = threading.Event()

    def on_client(client):
        if client.step == "built" and not paused.is_set():
            progress.pause()
            paused.set()

    worker = threading.Thread(target=runner.run, args=(run_id,), kwargs={"progress": progress, "on_client": on_client})
    worker.start()
    assert paused.wait(10)
    time.sleep(0.3)
    assert steps.calls["build"] == [runner.store.clients(run_id)[0].payer_id]  # nothing moved while paused
    progress.resume()
    worker.join(20)
    assert not worker.is_alive() and runner.get(run_id).state == "done"


def test_sets_with_warnings_can_be_held_for_review_then_signed_on_resume(demo_app):
    steps = FakeSteps(_pesel(demo_app))  # every set verifies with one warning
    runner = demo_app.month_runner(steps)
    runner.hold_warnings = True
    run_id = runner.start(PERIOD, runner.resolve_clients("all"))
    run = runner.run(run_id)
    assert run.state == "open" and {c.step for c in runner.store.clients(run_id)} == {"verified"}
    assert steps.calls["sign_batches"] == []
    runner.hold_warnings = False  # the accountant read the report and accepts the warnings
    assert runner.run(run_id).state == "done"
    assert [len(b) for b in steps.calls["sign_batches"]] == [3]
