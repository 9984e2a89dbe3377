"""The outbox tables: filters and paging of the submissions list, pins, profiles."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.both_backends  # app/demo_app on SQLite and on PostgreSQL (tests/plugins/postgres.py)


def _add(outbox, i, **kw):
    values = {"idempotency_key": f"key-{i}", "gateway_key": "sandbox", "gateway_url": "http://127.0.0.1:1",
              "profile": "sandbox", "source_name": f"file-{i}.xml",
              "payer_nip": "9512345675" if i % 2 else "5261040828",
              "payer_name": "TECHBUD" if i % 2 else "KOWALSKI REMONTY", "period": f"2026-{1 + i % 12:02d}",
              "forms": "ZUSDRA,ZUSRCA" if i % 2 else "ZUSDRA", "document_path": "d", "document_sha256": f"{i:064x}",
              "package_path": "p", "package_sha256": "x", "package_type": "T", "receipt_cert_sha256": "c"}
    values.update(kw)
    return outbox.add(values)[0]


def test_filters_and_paging(app):
    from eplatnik.gateway.outbox import Filter
    from eplatnik.gateway.outbox_store import OutboxStore

    outbox = OutboxStore(app.db, app.clock)
    subs = [_add(outbox, i) for i in range(60)]
    outbox.update(subs[3].id, state="rejected", reference="SBX-REJ")
    assert outbox.count() == 60
    assert outbox.count(Filter(payer="9512345675")) == 30
    assert outbox.count(Filter(payer="techbud")) == 30
    assert outbox.count(Filter(form="ZUSRCA")) == 30
    assert outbox.count(Filter(form="ZUSDRA")) == 60
    assert outbox.count(Filter(period="2026-02")) == 5
    assert outbox.count(Filter(state="rejected")) == 1
    assert outbox.count(Filter(text="SBX-REJ")) == 1
    assert outbox.count(Filter(date_from="2000-01-01", date_to="2999-12-31")) == 60
    page = outbox.list(offset=10, limit=10)
    assert [s.id for s in page] == list(range(50, 40, -1))
    ids = outbox.ids(Filter(payer="5261040828"))
    assert len(ids) == 30 and ids == sorted(ids, reverse=True)
    assert [s.id for s in outbox.many(ids[:3])] == ids[:3]
    assert outbox.active_count() == 59


def test_pin_is_kept_at_first_contact(app):
    from eplatnik.gateway.outbox import Pin
    from eplatnik.gateway.outbox_store import OutboxStore

    outbox = OutboxStore(app.db, app.clock)
    first = outbox.save_pin(Pin("sandbox", "ENC1", "REC1", "sha-1", "t"))
    second = outbox.save_pin(Pin("sandbox", "ENC2", "REC2", "sha-2", "t"))
    assert first == second and second.receipt_cert == "REC1"
    assert outbox.receipt_cert("sha-1") == "REC1" and outbox.receipt_cert("sha-2") is None


def test_a_confirmed_new_gateway_certificate_replaces_the_pin_and_keeps_the_old_receipt_cert(app):
    """replace_pin is an upsert (ON CONFLICT … DO UPDATE): the new pin is in force, receipts signed with
    the old certificate still verify against it."""
    from eplatnik.gateway.outbox import Pin
    from eplatnik.gateway.outbox_store import OutboxStore

    outbox = OutboxStore(app.db, app.clock)
    outbox.save_pin(Pin("sandbox", "ENC1", "REC1", "sha-1", "t1"))
    outbox.replace_pin(Pin("sandbox", "ENC2", "REC2", "sha-2", "t2"))
    outbox.replace_pin(Pin("other", "ENC3", "REC3", "sha-3", "t3"))  # a gateway pinned for the first time
    assert outbox.pin("sandbox") == Pin("sandbox", "ENC2", "REC2", "sha-2", "t2")
    assert outbox.pin("other") is not None and outbox.pin("nowhere") is None
    assert [outbox.receipt_cert(s) for s in ("sha-1", "sha-2", "sha-3")] == ["REC1", "REC2", "REC3"]


def test_profiles(app, tmp_path):
    from eplatnik.errors import UserFacingError
    from eplatnik.settings import GATEWAY_PROFILE, PRODUCTION_GATEWAY_URL

    gateway = app.gateway
    profile = gateway.active_profile()
    assert profile.name == "sandbox" and profile.url is None and not profile.production
    assert "Piaskownica" in profile.render("pl")
    app.settings.set(GATEWAY_PROFILE, "production")
    with pytest.raises(UserFacingError) as info:
        gateway.gateway_url()
    assert "testów akceptacyjnych" in info.value.render("pl")
    app.settings.set(PRODUCTION_GATEWAY_URL, "https://ewd.example.invalid/api")
    assert gateway.active_profile().production and gateway.gateway_url() == "https://ewd.example.invalid/api"
    app.gateway_url_override = "http://127.0.0.1:9"
    assert gateway.active_profile().name == "override" and gateway.gateway_url() == "http://127.0.0.1:9"


def test_embedded_sandbox_starts_on_first_use_and_stops_with_the_app(tmp_path):
    from eplatnik.app import App

    app = App(tmp_path / "ws")
    try:
        url = app.gateway.gateway_url()
        assert url.startswith("http://127.0.0.1:")
        assert app.gateway.active_profile().url == url
        certs = app.gateway.client().certificates()
        assert (tmp_path / "ws" / "sandbox" / "gateway" / "encryption.pem").is_file()
        assert certs.encryption is not None
    finally:
        app.close()
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "/sandbox/health", timeout=2)


def test_unsigned_file_is_refused_before_anything_is_stored(app):
    from plugins.signing import kedu_document

    from eplatnik.errors import UserFacingError

    with pytest.raises(UserFacingError) as info:
        app.gateway.enqueue(kedu_document(1), source_name="plain.xml")
    assert "nie jest podpisany" in info.value.render("pl")
    assert app.gateway.count() == 0


def test_files_of_a_crash_between_writing_and_recording_are_swept_receipts_never(app):
    """enqueue writes the signed document and the package, then inserts the row; a crash in between
    leaves two files no submission refers to. The next outbox run removes them (nothing was sent);
    recorded files, receipts and files another process may be writing right now stay."""
    import os
    import time
    import uuid

    from eplatnik.gateway.outbox_store import OutboxStore

    gateway = app.gateway
    rel = "gateway/2026-10/9512345675/"
    recorded_key, lost_key, fresh_key = (str(uuid.uuid4()) for _ in range(3))
    names = (f"{recorded_key}.kedu.xml", f"{recorded_key}.p7m", f"{lost_key}.kedu.xml", f"{lost_key}.p7m",
             f"{fresh_key}.p7m", "SBX-20261015-0001.upo.xml", "notes.txt")
    hour_ago = time.time() - 2 * 3600
    for name in names:
        app.evidence.put(rel + name, b"x")  # files of one seat; the office database's evidence_files
        if fresh_key not in name:
            if app.db.dialect == "sqlite":
                os.utime(app.evidence.local_path(rel + name), (hour_ago, hour_ago))
            else:
                app.db.run(lambda c, n=name: c.execute(
                    "UPDATE evidence_files SET stored_at = '2000-01-01T00:00:00.000Z' WHERE path = ?", (rel + n,)))
    outbox = OutboxStore(app.db, app.clock)
    sub = _add(outbox, 1, document_path=rel + f"{recorded_key}.kedu.xml", package_path=rel + f"{recorded_key}.p7m")
    outbox.update(sub.id, state="accepted")
    gateway.process(wait=0)
    left = sorted(p.rsplit("/", 1)[-1] for p in app.evidence.paths() if p.startswith(rel))
    assert left == sorted([f"{recorded_key}.kedu.xml", f"{recorded_key}.p7m", f"{fresh_key}.p7m",
                           "SBX-20261015-0001.upo.xml", "notes.txt"])
