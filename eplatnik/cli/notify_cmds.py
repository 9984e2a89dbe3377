"""``notify``: run the notifications (new letters, rejected sets) and test the e-mail settings."""

from __future__ import annotations

import argparse

from ..i18n import t


def register(sub: argparse._SubParsersAction) -> None:
    notify = sub.add_parser("notify", help="powiadomienia: nowe pisma z ZUS, odrzucone zestawy (e-mail)")
    actions = notify.add_subparsers(dest="sub", metavar="ACTION")
    p = actions.add_parser("run", help="zbierz nowe powiadomienia i wyślij e-mail (notify.email_to)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_run)
    p = actions.add_parser("test", help="wyślij e-mail próbny przez skonfigurowany serwer SMTP")
    p.add_argument("--to", required=True, help="adres odbiorcy")
    p.set_defaults(func=cmd_test)


def cmd_run(args, ctx) -> int:
    result = ctx.app.notifications.run()
    if args.json:
        ctx.out_json({"new": [{"kind": n.kind, "subject": n.subject} for n in result.new], "emailed": result.emailed,
                      "email_error": result.email_error})
    else:
        ctx.out(t("Nowe powiadomienia: {n}; wysłane e-mailem: {m}.", "New notices: {n}; sent by e-mail: {m}.")(
            n=len(result.new), m=result.emailed).render())
        if result.email_error:
            ctx.out(result.email_error)
    return 1 if result.email_error else 0


def cmd_test(args, ctx) -> int:
    from ..errors import UserFacingError
    from ..mailer import send_mail
    from ..notify.service import notice_message

    config = ctx.app.notifications.smtp()
    if config is None:
        raise UserFacingError(t("Nie ustawiono serwera SMTP (smtp.host).", "No SMTP server is set (smtp.host)."),
                              hint=t("Ustaw go w Ustawieniach programu.", "Set it in the program's Settings."))
    subject = t("eplatnik: wiadomość próbna", "eplatnik: test message").render()
    body = t("Ustawienia SMTP działają.", "The SMTP settings work.").render()
    send_mail(config, notice_message(config, args.to, subject, body, ctx.app.clock.now().timestamp()))
    ctx.out(t("Wysłano wiadomość próbną do {to}.", "Sent a test message to {to}.")(to=args.to).render())
    return 0
