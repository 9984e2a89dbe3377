"""Hostile variants of a correctly signed KEDU file (issue 13): each one still verifies byte for byte
(except the processing instruction, which canonicalisation keeps), yet changes what a careless reader
would read."""

from __future__ import annotations

import re

from lxml import etree

DS = "http://www.w3.org/2000/09/xmldsig#"


def comment_in_name(signed: bytes) -> bytes:
    """The payer's name with a comment inside it: the signature still verifies byte for byte."""
    return signed.replace(b"<p6>TECHBUD SP. Z O.O.</p6>", b"<p6>TECH<!-- x -->BUD SP. Z O.O.</p6>", 1)


def comment_in_amount(signed: bytes) -> bytes:
    total = re.search(rb"<IV>.*?<p37>([0-9]+)\.([0-9]+)</p37>", signed, re.S)
    whole, cents = total.group(1), total.group(2)
    return signed.replace(b"<p37>" + whole + b"." + cents + b"</p37>",
                          b"<p37>" + whole + b"<!-- -->." + cents + b"</p37>", 1)


def pi_in_name(signed: bytes) -> bytes:
    return signed.replace(b"<p6>TECHBUD SP. Z O.O.</p6>", b"<p6>TECH<?x y?>BUD SP. Z O.O.</p6>", 1)


def hidden_document(signed: bytes) -> bytes:
    """An unsigned ZUSDRA of another payer inside a ds:Object of the signature."""
    root = etree.fromstring(signed)
    dra = next(e for e in root if etree.QName(e).localname == "ZUSDRA")
    smuggled = etree.fromstring(etree.tostring(dra))
    smuggled.set("id_dokumentu", "3")
    nip = smuggled.find(".//{*}II/{*}p1")
    nip.text = "7792433421"
    obj = etree.Element(f"{{{DS}}}Object")
    obj.append(smuggled)
    root[-1].append(obj)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def second_object(signed: bytes) -> bytes:
    """A second ds:Object whose only child is in the signature's own namespace but not XAdES."""
    return signed.replace(b"</ds:Signature>", b"<ds:Object><ds:Manifest><ds:Reference URI=\"\">"
                          b"<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>"
                          b"<ds:DigestValue>AA==</ds:DigestValue></ds:Reference></ds:Manifest></ds:Object>"
                          b"</ds:Signature>")


HOSTILE = {"comment in a signed name": comment_in_name, "comment in a signed amount": comment_in_amount,
           "processing instruction": pi_in_name, "unsigned document in ds:Object": hidden_document,
           "a second ds:Object": second_object}
