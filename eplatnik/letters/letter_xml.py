"""A letter from ZUS as the gateway delivers it: one XML document ("Pismo") with the letter's
identity, addressee, kind and title, its text and/or its PDF, sealed by the gateway.

```xml
<Pismo xmlns="urn:eplatnik:gateway:letter:1" wersja="1">
  <Identyfikator>LTR-20261121-3F2A9C01DE</Identyfikator>
  <Adresat><NIP>9512345675</NIP><Nazwa>TECHBUD SP. Z O.O.</Nazwa></Adresat>
  <Rodzaj>decision</Rodzaj>
  <Tytul>Decyzja w sprawie rozłożenia należności na raty</Tytul>
  <DataUdostepnienia>2026-11-21T09:00:00+00:00</DataUdostepnienia>
  <WOdpowiedziNa>SBX-20261120-…</WOdpowiedziNa>          <!-- optional -->
  <Tresc>the letter's text (optional)</Tresc>
  <Zalacznik nazwa="pismo.pdf" typ="application/pdf" skrot="base64 SHA-256">base64…</Zalacznik>
  <ds:Signature>…the gateway's seal…</ds:Signature>
</Pismo>
```
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from lxml import etree

from ..gateway.letters_protocol import LETTER_NS
from ..i18n import t

NS = {"p": LETTER_NS}
MAX_ATTACHMENT_BYTES = 32 * 1024 * 1024


def _q(name: str) -> str:
    return f"{{{LETTER_NS}}}{name}"


@dataclass(frozen=True)
class LetterDocument:
    id: str
    payer_nip: str
    payer_name: str
    kind: str
    title: str
    placed_at: str
    in_reply_to: str = ""
    text: str = ""
    pdf: bytes | None = None
    pdf_name: str = "pismo.pdf"


class LetterUnreadable(ValueError):
    """The sealed document is not a letter we can read (after its seal verified)."""


def build_letter_xml(letter: LetterDocument) -> etree._Element:
    root = etree.Element(_q("Pismo"), nsmap={None: LETTER_NS}, wersja="1")

    def add(parent: etree._Element, name: str, text: str, **attrs: str) -> etree._Element:
        el = etree.SubElement(parent, _q(name), attrib=attrs)
        el.text = text
        return el

    add(root, "Identyfikator", letter.id)
    addressee = etree.SubElement(root, _q("Adresat"))
    add(addressee, "NIP", letter.payer_nip)
    add(addressee, "Nazwa", letter.payer_name)
    add(root, "Rodzaj", letter.kind)
    add(root, "Tytul", letter.title)
    add(root, "DataUdostepnienia", letter.placed_at)
    if letter.in_reply_to:
        add(root, "WOdpowiedziNa", letter.in_reply_to)
    if letter.text:
        add(root, "Tresc", letter.text)
    if letter.pdf is not None:
        digest = base64.b64encode(hashlib.sha256(letter.pdf).digest()).decode("ascii")
        add(root, "Zalacznik", base64.b64encode(letter.pdf).decode("ascii"), nazwa=letter.pdf_name,
            typ="application/pdf", skrot=digest)
    return root


def parse_letter(root: etree._Element) -> LetterDocument:
    """Read a letter from its verified (signed) element; the attachment must match its digest."""
    if root.tag != _q("Pismo"):
        raise LetterUnreadable(t("To nie jest pismo z bramki (element {tag}).",
                                 "This is not a letter from the gateway (element {tag}).")(tag=str(root.tag)).render())

    def text(path: str) -> str:
        el = root.find(path, NS)
        return (el.text or "").strip() if el is not None else ""

    pdf, pdf_name = None, "pismo.pdf"
    attachment = root.find("p:Zalacznik", NS)
    if attachment is not None:
        try:
            pdf = base64.b64decode("".join((attachment.text or "").split()), validate=True)
        except (binascii.Error, ValueError):
            raise LetterUnreadable("attachment is not base64") from None
        if len(pdf) > MAX_ATTACHMENT_BYTES:
            raise LetterUnreadable("attachment too large")
        if base64.b64encode(hashlib.sha256(pdf).digest()).decode("ascii") != attachment.get("skrot", ""):
            raise LetterUnreadable("attachment digest mismatch")
        if not pdf.startswith(b"%PDF"):
            raise LetterUnreadable("attachment is not a PDF")
        pdf_name = attachment.get("nazwa") or pdf_name
    body = root.find("p:Tresc", NS)
    return LetterDocument(id=text("p:Identyfikator"), payer_nip=text("p:Adresat/p:NIP"),
                          payer_name=text("p:Adresat/p:Nazwa"), kind=text("p:Rodzaj") or "letter",
                          title=text("p:Tytul"), placed_at=text("p:DataUdostepnienia"),
                          in_reply_to=text("p:WOdpowiedziNa"),
                          text=(body.text or "") if body is not None else "", pdf=pdf, pdf_name=pdf_name)
