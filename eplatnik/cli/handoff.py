"""``kedu export --for eplatnik|platnik``: files to import into ePłatnik or Płatnik (forms.handoff).

One set (``--set`` or ``--payer``/``--period``) to the file ``-o``, or with ``--clients all|NIP,…`` every
client's set of ``--period`` into the folder ``-o`` (one file per client and JAK-ZAIMPORTOWAC.txt).
Exit status: 0 written, 1 a set not ready (not verified, errors) or clients left out, 2 invalid input.
"""

from __future__ import annotations

from ..errors import UserFacingError
from ..fsutil import sha256_hex
from ..i18n import t
from ..period import Period


class _BadArguments(UserFacingError):
    exit_code = 2  # invalid input: nothing written


NEED = t("Z --for podaj --set, --payer z --period albo --clients z --period.",
         "With --for give --set, --payer with --period, or --clients with --period.")


def cmd_export_handoff(args, ctx) -> int:
    from ..forms import handoff

    target = handoff.target(args.target or "eplatnik")
    version = handoff.check_version(args.kedu_version)
    svc = ctx.app.documents
    if args.clients:
        if not args.period:
            raise _BadArguments(NEED)
        return _month(args, ctx, target, version)
    if args.set is not None:
        set_id = args.set
    elif args.payer and args.period:
        # as the plain export: the month's set is made (and verified) when there is none yet
        info = svc.build_monthly(int(ctx.app.register.find_payer(args.payer).id), Period.parse(args.period))
        if str(info.status) == "draft" and not info.verified_at:
            svc.verify(info.id)
        set_id = info.id
    else:
        raise _BadArguments(NEED)
    path = handoff.export_set(svc, set_id, args.output, target.key, version)
    info = svc.get_info(set_id)
    ctx.out(f"{path}  sha256={sha256_hex(path.read_bytes())}  KEDU {version}  "
            f"{t('zestaw', 'set').render()} {info.id} ({info.forms})")
    ctx.out(target.steps.render())
    return 0


def _month(args, ctx, target, version) -> int:
    from ..forms import handoff

    period = Period.parse(args.period)
    payer_ids = ctx.app.month_runner().resolve_clients(args.clients)
    result = handoff.export_month(ctx.app.documents, ctx.app.register, period, args.output, target.key, version,
                                  payer_ids=payer_ids)
    for path in result.files:
        ctx.out(str(path))
    for nip, name, why in result.skipped:
        ctx.out(t("pominięty {nip} {name}: {why}", "left out {nip} {name}: {why}")(
            nip=nip, name=name, why=why).render())
    if result.files:
        ctx.out(t("Instrukcja: {path}", "How to import: {path}")(path=result.folder / handoff.README_NAME).render())
    return 1 if result.skipped else 0
