"""Who did what, for the parts of a client's history that happen against ZUS (the real sandbox over
loopback): a relief application sent, the decision letter opened with a signed UPD — each in the
client's audit view with the accountant named at this seat and the seat (computer:user)."""

from __future__ import annotations

import datetime as dt

from plugins.letters import TECHBUD, demo_source, relief_data


def _send(app, application, source, prompt):
    """Sign and send the application (``app.applications`` once the sending takes no App)."""
    sender = getattr(app, "applications", None)
    if sender is not None:
        return sender.send_application(application, source, prompt, wait=20)
    from eplatnik.applications.send import send_application

    return send_application(app, application, source, prompt, wait=20)


def test_application_sent_and_letter_opened_are_in_the_clients_history(letters_env):
    from eplatnik.applications.relief_xml import ReliefApplication

    app = letters_env.app
    application = ReliefApplication.from_dict(relief_data(), today=dt.date(2026, 11, 20))
    sub = _send(app, application, *demo_source(letters_env.basedir))
    assert sub.state == "accepted"
    [decision] = [v for v in app.letters.sync().new if v.record.in_reply_to == sub.reference]
    app.letters.open(decision.record.letter_id, *demo_source(letters_env.basedir))

    entries = app.audit.for_client(TECHBUD)
    by_action = {e.action: e for e in entries}
    assert {"application.sent", "letter.upd", "letter.open"} <= set(by_action)
    for action in ("application.sent", "letter.upd", "letter.open"):
        assert (by_action[action].actor, by_action[action].seat) == (app.actor, app.seat.id), action
    assert app.actor and ":" in app.seat.id
    sent = by_action["application.sent"]
    assert sent.what == "Wysłano wniosek do ZUS" and sent.object.startswith("wniosek-")
    assert sent.details == f"stan: przyjęty, nr ref. {sub.reference}"
    opened = by_action["letter.open"]
    assert opened.what == "Otwarto pismo z ZUS"
    assert opened.object.startswith(f"pismo {decision.record.letter_id} „")
    assert by_action["letter.upd"].what.startswith("Podpisano UPD")
    # newest first: the letter is opened after its UPD is signed, both after the application was sent
    order = [e.action for e in entries]
    assert order.index("letter.open") < order.index("letter.upd") < order.index("application.sent")

    # a letter opened again (from the stored evidence) is not a second entry
    app.letters.open(decision.record.letter_id, None, None)
    assert [e.action for e in app.audit.for_client(TECHBUD)].count("letter.open") == 1
