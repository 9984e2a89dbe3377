"""The official confirmation of delivery (UPD, "Urzędowe Poświadczenie Doręczenia") the recipient
signs to open a letter: it names the letter, its digest, the addressee, who opens it and when.

```xml
<UPD xmlns="urn:eplatnik:gateway:upd:1" wersja="1">
  <IdentyfikatorPisma>LTR-20261121-3F2A9C01DE</IdentyfikatorPisma>
  <SkrotPisma algorytm="SHA-256">…base64 SHA-256 of the sealed letter, as listed…</SkrotPisma>
  <TytulPisma>…</TytulPisma>
  <DataUdostepnienia>2026-11-21T09:00:00+00:00</DataUdostepnienia>
  <Adresat><NIP>9512345675</NIP><Nazwa>TECHBUD SP. Z O.O.</Nazwa></Adresat>
  <Odbierajacy><Nazwa>Maria Wiśniewska</Nazwa><PESEL>79031241234</PESEL></Odbierajacy>
  <DataOdbioru>2026-11-22T10:15:00.000+00:00</DataOdbioru>
  <Oprogramowanie>eplatnik 0.1.0</Oprogramowanie>
  <ds:Signature>…enveloped XAdES-BES of the person opening it…</ds:Signature>
</UPD>
```

It is signed with the same signer as declarations (``signing.xades_sign``), so ``eplatnik-cli
verify`` accepts it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lxml import etree

from .. import __version__
from ..gateway.letters_protocol import UPD_NS, LetterMeta

NS = {"u": UPD_NS}


def _q(name: str) -> str:
    return f"{{{UPD_NS}}}{name}"


@dataclass(frozen=True)
class Upd:
    letter_id: str
    letter_sha256: str
    letter_title: str
    placed_at: str
    payer_nip: str
    payer_name: str
    recipient_name: str
    recipient_pesel: str
    opened_at: str
    software: str = ""


def build_upd(letter: LetterMeta, recipient_name: str, recipient_pesel: str, opened_at: dt.datetime) -> bytes:
    """The unsigned UPD for ``letter``, opened by the named person at ``opened_at``."""
    root = etree.Element(_q("UPD"), nsmap={None: UPD_NS}, wersja="1")

    def add(parent: etree._Element, name: str, text: str, **attrs: str) -> etree._Element:
        el = etree.SubElement(parent, _q(name), attrib=attrs)
        el.text = text
        return el

    add(root, "IdentyfikatorPisma", letter.id)
    add(root, "SkrotPisma", letter.content_sha256, algorytm="SHA-256")
    add(root, "TytulPisma", letter.title)
    add(root, "DataUdostepnienia", letter.placed_at)
    addressee = etree.SubElement(root, _q("Adresat"))
    add(addressee, "NIP", letter.payer_nip)
    add(addressee, "Nazwa", letter.payer_name)
    recipient = etree.SubElement(root, _q("Odbierajacy"))
    add(recipient, "Nazwa", recipient_name)
    if recipient_pesel:
        add(recipient, "PESEL", recipient_pesel)
    add(root, "DataOdbioru", opened_at.astimezone(dt.UTC).isoformat(timespec="milliseconds"))
    add(root, "Oprogramowanie", f"eplatnik {__version__}")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def parse_upd(root: etree._Element) -> Upd:
    """Read a UPD from its signed (verified) element."""
    if root.tag != _q("UPD"):
        raise ValueError("not a UPD: " + str(root.tag))

    def text(path: str) -> str:
        el = root.find(path, NS)
        return (el.text or "").strip() if el is not None else ""

    return Upd(letter_id=text("u:IdentyfikatorPisma"), letter_sha256=text("u:SkrotPisma"),
               letter_title=text("u:TytulPisma"), placed_at=text("u:DataUdostepnienia"),
               payer_nip=text("u:Adresat/u:NIP"), payer_name=text("u:Adresat/u:Nazwa"),
               recipient_name=text("u:Odbierajacy/u:Nazwa"), recipient_pesel=text("u:Odbierajacy/u:PESEL"),
               opened_at=text("u:DataOdbioru"), software=text("u:Oprogramowanie"))
