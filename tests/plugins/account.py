"""Account fixtures: bank statements written the way Polish banks write them (MT940 in the ING/mBank
``~NN`` style and the PKO ``^NN`` style with Windows-1250 and CRLF, camt.053 XML, CSV exports), and a
workspace whose demo firms have accepted declarations in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from eplatnik.register.nrs import nrs_for_nip

OFFICE_ACCOUNT = "61109010140000071219812874"  # the office's own account (a valid NRB)


@dataclass
class Tx:
    booked: date
    amount: Decimal
    account: str = ""               # counterparty account (26 digits)
    name: str = "ZAKŁAD UBEZPIECZEŃ SPOŁECZNYCH"
    title: str = "Składki ZUS za październik 2026, płatnik ŚWIĘTOKRZYSKA"
    debit: bool = True
    reference: str = ""


def to_nrs(nip: str) -> str:
    return nrs_for_nip(nip)


def _wrap86(body: str, width: int = 65) -> list[str]:
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return lines or [""]


def mt940(txs: list[Tx], *, style: str = "ing", encoding: str = "utf-8", own: str = OFFICE_ACCOUNT,
          truncate: bool = False, crlf: bool = False) -> bytes:
    """An MT940 statement; ``style`` "ing" (``~NN`` subfields, ~30/~31 split account, header-less),
    "pko" (``^NN`` subfields, {1:…} envelope, ~38 IBAN) or "mbank" (``~NN`` with a 26-digit ~31)."""
    sep = "^" if style == "pko" else "~"
    lines: list[str] = []
    if style == "pko":
        lines += ["{1:F01PKOPPLPWAXXX0000000000}{2:I940PKOPPLPWXXXXN}{4:"]
    lines += [":20:ST" + (txs[0].booked.strftime("%y%m%d") if txs else "000000"), f":25:/PL{own}", ":28C:1/1",
              f":60F:C{(txs[0].booked if txs else date(2026, 1, 1)).strftime('%y%m%d')}PLN1000000,00"]
    for n, tx in enumerate(txs, 1):
        mark = "D" if tx.debit else "C"
        amount = f"{tx.amount:.2f}".replace(".", ",")
        ref = tx.reference or f"REF{n:08d}"
        lines.append(f":61:{tx.booked:%y%m%d}{tx.booked:%m%d}{mark}{amount}NTRF{ref}//{ref}")
        title = tx.title
        chunks = [title[i:i + 27] for i in range(0, len(title), 27)][:6]
        sub = "".join(f"{sep}{20 + i}{c}" for i, c in enumerate(chunks))
        name = [tx.name[:35], tx.name[35:70]]
        if style == "ing":
            acct = f"{sep}30{tx.account[2:10]}{sep}31{tx.account[10:]}"
        elif style == "mbank":
            acct = f"{sep}30{tx.account[2:10]}{sep}31{tx.account}"
        else:
            acct = f"{sep}38PL{tx.account}"
        body = f"152{sep}00PRZELEW ZEWNĘTRZNY{sub}{sep}27{name[0]}" + (f"{sep}28{name[1]}" if name[1] else "") + acct
        wrapped = _wrap86(body)
        lines.append(":86:" + wrapped[0])
        lines += wrapped[1:]
    if not truncate:
        lines.append(f":62F:C{(txs[-1].booked if txs else date(2026, 1, 1)).strftime('%y%m%d')}PLN999000,00")
        lines.append("-}" if style == "pko" else "-")
    text = ("\r\n" if crlf else "\n").join(lines) + ("\r\n" if crlf else "\n")
    return text.encode(encoding)


def camt053(txs: list[Tx], *, own: str = OFFICE_ACCOUNT) -> bytes:
    entries = []
    for n, tx in enumerate(txs, 1):
        party = "Cdtr" if tx.debit else "Dbtr"
        entries.append(f"""
      <Ntry>
        <Amt Ccy="PLN">{tx.amount:.2f}</Amt>
        <CdtDbtInd>{'DBIT' if tx.debit else 'CRDT'}</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>{tx.booked.isoformat()}</Dt></BookgDt>
        <ValDt><Dt>{tx.booked.isoformat()}</Dt></ValDt>
        <AcctSvcrRef>{tx.reference or f'CAMT{n:06d}'}</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <RltdPties>
            <{party}><Nm>{tx.name}</Nm></{party}>
            <{party}Acct><Id><IBAN>PL{tx.account}</IBAN></Id></{party}Acct>
          </RltdPties>
          <RmtInf><Ustrd>{tx.title}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>MSG1</MsgId><CreDtTm>2026-11-30T18:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>STMT1</Id>
      <Acct><Id><IBAN>PL{own}</IBAN></Id></Acct>{''.join(entries)}
    </Stmt>
  </BkToCstmrStmt>
</Document>
""".encode()


def csv_export(txs: list[Tx], *, bank: str = "mbank") -> bytes:
    """A bank's CSV export: "mbank" (semicolons, Windows-1250, Polish amounts, preamble lines) or
    "generic" (commas, UTF-8, dot amounts, our own column names)."""
    if bank == "mbank":
        rows = ["mBank S.A. Bankowość Detaliczna;", "Lista operacji;", "",
                "#Data operacji;#Opis operacji;#Rachunek;#Kategoria;#Kwota;"]
        for tx in txs:
            amount = f"{-tx.amount if tx.debit else tx.amount:.2f}".replace(".", ",")
            rows.append(f'{tx.booked.isoformat()};"{tx.title}  {tx.name}";"{tx.account}";"Opłaty";{amount} PLN;')
        return ("\r\n".join(rows) + "\r\n").encode("cp1250")
    rows = ["date,amount,account,name,title"]
    for tx in txs:
        rows.append(f'{tx.booked.isoformat()},{-tx.amount if tx.debit else tx.amount:.2f},{tx.account},'
                    f'"{tx.name}","{tx.title}"')
    return ("\n".join(rows) + "\n").encode("utf-8")


@pytest.fixture
def accepted_app(tmp_path):
    """The demo workspace whose three firms have September and October 2026 declarations accepted —
    through the real sandbox over loopback HTTP. The suite's clock says 20.11.2026 10:00 (conftest)."""
    from eplatnik.app import App
    from eplatnik.demo import create_demo
    from eplatnik.period import Period
    from plugins.gateway import start_sandbox

    basedir = tmp_path / "ws"
    setup = App(basedir)
    create_demo(setup)
    setup.close()
    server = start_sandbox(basedir / "sandbox", processing_seconds=0.05)
    app = App(basedir, gateway_url=server.url)
    app.gateway.poll_seconds = 0.05
    accept_months(app, [Period(2026, 9), Period(2026, 10)])
    yield app
    app.close()
    server.stop()


def accept_months(app, periods) -> None:
    """Build, verify, sign with the demo p12, submit and wait for the receipt, for every demo payer."""
    from eplatnik.signing.keysource import SigningKey
    from eplatnik.signing.p12 import load_p12

    key, cert, chain = load_p12(app.basedir / "demo" / "signer.p12", "demo")
    signing_key = SigningKey(key, cert, chain)
    ids = [app.documents.build_monthly(payer.id, period).id
           for period in periods for payer in app.register.list_payers()]
    sign_submit(app, ids, signing_key)


def sign_submit(app, set_ids: list[int], signing_key) -> None:
    from eplatnik.signing.xades import sign_xml

    for set_id in set_ids:
        if str(app.documents.get_info(set_id).status) == "draft":
            app.documents.verify(set_id)
        signed = sign_xml(app.documents.get_xml(set_id, signed=False), signing_key)
        app.documents.mark_signed(set_id, signed, "demo")
    app.gateway.submit_sets(set_ids, wait=60)
    for set_id in set_ids:
        assert str(app.documents.get_info(set_id).status) == "accepted", app.documents.get_info(set_id)
