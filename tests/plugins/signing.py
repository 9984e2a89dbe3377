"""Signing fixtures: a test PKI, PKCS#12 files, a real SoftHSM2 token, KEDU documents to sign.

SoftHSM2 gets a fresh token directory per test session (``SOFTHSM2_CONF`` → a temp conf), with
non-extractable RSA-2048 and EC P-256 keys generated ON the token and certificates from the test
CA imported next to them (same CKA_ID).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import need_tool

from eplatnik.clock import default_clock

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
PIN = "1234"
SO_PIN = "5678"
P12_PASSWORD = "tajne hasło"
KEDU_57_NS = "http://www.zus.pl/2026/KEDU_5_7"
_BASE: list[bytes] = []


def _base_document() -> bytes:
    """TECHBUD's October 2026 set (DRA + RCA for 12 employees) as the project's KEDU writer makes it
    in a demo workspace: real writer output, schema-valid, built once per test session."""
    if not _BASE:
        import tempfile

        from eplatnik.app import App
        from eplatnik.demo import create_demo
        from eplatnik.period import Period

        with tempfile.TemporaryDirectory() as tmp:
            app = App(Path(tmp) / "ws")
            try:
                create_demo(app)
                payer = next(p for p in app.register.list_payers() if p.nip == "9512345675")
                info = app.documents.build_monthly(payer.id, Period.parse("2026-10"))
                _BASE.append(app.documents.get_xml(info.id, signed=False))
            finally:
                app.close()
    return _BASE[0]


def kedu_document(copies: int = 1) -> bytes:
    """A schema-valid KEDU 5.7 document; ``copies`` > 1 repeats the RCA person blocks (bigger file)."""
    text = _base_document().decode("utf-8")
    if copies > 1:
        blocks = re.findall(r"<III id_bloku=\"\d+\">.*?</III>\n", text, re.S)
        extra = [b for _ in range(copies - 1) for b in blocks]
        numbered = "".join(re.sub(r'id_bloku="\d+"', f'id_bloku="{len(blocks) + n + 1}"', b, count=1)
                           for n, b in enumerate(extra))
        text = text.replace(blocks[-1], blocks[-1] + numbered, 1)
    return text.encode("utf-8")


def dra_total(data: bytes) -> bytes:
    """The DRA total (block IV field 37) as written in ``data``."""
    return re.search(rb"<IV>.*?<p37>([0-9.]+)</p37>", data, re.S).group(1)


def change_total(data: bytes, new: bytes = b"1.00") -> bytes:
    """``data`` with the DRA total changed, as a forger would change an amount."""
    old = dra_total(data)
    return data.replace(b"<p37>" + old + b"</p37>", b"<p37>" + new + b"</p37>", 1)


def schema_problems(data: bytes) -> list:
    """Findings of the project's KEDU schema check (official XSD, xmldsig resolved offline)."""
    from eplatnik.forms.kedu_schema import validate_bytes

    return validate_bytes(data)


@pytest.fixture(scope="session")
def kedu_bytes() -> bytes:
    return kedu_document()


@dataclass
class Pki:
    dir: Path
    ca: object
    ca_pem: Path
    rsa_key: object
    rsa_cert: object
    ec_key: object
    ec_cert: object
    rsa_p12: Path
    ec_p12: Path

    def p12(self, name: str, **issue) -> Path:
        from eplatnik.signing import testpki

        key, cert = self.ca.issue_person(issue.pop("person", "Anna Testowa"), **issue)
        return testpki.write_p12(self.dir / f"{name}.p12", key, cert, P12_PASSWORD, chain=[self.ca.cert])


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> Pki:
    from eplatnik.signing import testpki

    d = tmp_path_factory.mktemp("pki")
    ca = testpki.create_ca("eplatnik Test QCA", d)
    rsa_key, rsa_cert = ca.issue_person("Maria Wiśniewska", pesel="44051401359", key="rsa")
    ec_key, ec_cert = ca.issue_person("Jan Kowalski", nip="5261040828", key="ec")
    rsa_p12 = testpki.write_p12(d / "maria.p12", rsa_key, rsa_cert, P12_PASSWORD, chain=[ca.cert])
    ec_p12 = testpki.write_p12(d / "jan.p12", ec_key, ec_cert, P12_PASSWORD, chain=[ca.cert])
    return Pki(d, ca, d / "ca.pem", rsa_key, rsa_cert, ec_key, ec_cert, rsa_p12, ec_p12)


@dataclass
class SoftHsm:
    module: str
    conf: Path
    tokendir: Path
    rsa_label: str = "EPL-RSA"
    ec_label: str = "EPL-EC"
    mismatch_label: str = "EPL-MISMATCH"
    expired_label: str = "EPL-EXPIRED"
    removable_label: str = "EPL-REMOVABLE"
    letters_label: str = "EPL-LETTERS"   # pulled out by the letters tests (its own, so test order does not matter)
    pin: str = PIN

    def env(self) -> dict[str, str]:
        return {"SOFTHSM2_CONF": str(self.conf)}


def softhsm_conf(directory: Path) -> Path:
    tokendir = directory / "tokens"
    tokendir.mkdir(parents=True, exist_ok=True)
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokendir}\nobjectstore.backend = file\nlog.level = ERROR\n")
    return conf


def init_token(conf: Path, label: str, pin: str = PIN) -> None:
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin,
                    "--so-pin", SO_PIN], check=True, capture_output=True,
                   env={**os.environ, "SOFTHSM2_CONF": str(conf)})


def provision(module: str, label: str, ca, kind: str = "rsa", *, cert_for_other_key: bool = False,
              not_before=None, not_after=None, person: str = "Maria Wiśniewska") -> None:
    """Generate a non-extractable key pair ON the token and import a CA-issued certificate for it."""
    from cryptography.hazmat.primitives import serialization
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
    from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters
    from pkcs11.util.rsa import encode_rsa_public_key

    from eplatnik.signing.pkcs11 import _lib, on_token

    def work():
        token = _lib(module).get_token(token_label=label)
        with token.open(rw=True, user_pin=PIN) as session:
            key_id = b"\x01"
            private = {Attribute.EXTRACTABLE: False, Attribute.SENSITIVE: True, Attribute.TOKEN: True,
                       Attribute.SIGN: True}
            if kind == "ec":
                params = session.create_domain_parameters(
                    KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")}, local=True)
                pub, _priv = params.generate_keypair(store=True, id=key_id, label=label,
                                                     private_template=private)
                der = encode_ec_public_key(pub)
            else:
                pub, _priv = session.generate_keypair(KeyType.RSA, 2048, store=True, id=key_id, label=label,
                                                      private_template=private)
                der = encode_rsa_public_key(pub)
            public = (serialization.load_der_public_key(der) if kind == "ec"
                      else serialization.load_der_public_key(_spki_rsa(der)))
            if cert_for_other_key:
                from eplatnik.signing.testpki import new_key
                public = new_key(kind).public_key()
            cert = ca.certify(public, person, pesel="44051401359", not_before=not_before, not_after=not_after)
            session.create_object({
                Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True, Attribute.ID: key_id, Attribute.LABEL: f"{label} cert",
                Attribute.SUBJECT: cert.subject.public_bytes(),
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER)})
            # the issuing CA on the card, as real cards carry it (no key: it becomes the chain)
            session.create_object({
                Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True, Attribute.ID: b"\xca", Attribute.LABEL: "CA",
                Attribute.SUBJECT: ca.cert.subject.public_bytes(),
                Attribute.VALUE: ca.cert.public_bytes(serialization.Encoding.DER)})
    on_token(work)


def _spki_rsa(pkcs1_der: bytes) -> bytes:
    """Wrap a PKCS#1 RSAPublicKey into a SubjectPublicKeyInfo."""
    from asn1crypto import keys

    return keys.PublicKeyInfo({"algorithm": {"algorithm": "rsa"},
                               "public_key": keys.RSAPublicKey.load(pkcs1_der)}).dump()


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory, pki) -> SoftHsm:
    """A SoftHSM2 token directory for this test session, with four provisioned tokens."""
    need_tool("softhsm2-util")
    if not Path(SOFTHSM_MODULE).exists():
        need_tool("libsofthsm2.so", SOFTHSM_MODULE)
    directory = tmp_path_factory.mktemp("softhsm")
    conf = softhsm_conf(directory)
    os.environ["SOFTHSM2_CONF"] = str(conf)  # read by the module when it is first initialised
    hsm = SoftHsm(SOFTHSM_MODULE, conf, directory / "tokens")
    for label in (hsm.rsa_label, hsm.ec_label, hsm.mismatch_label, hsm.expired_label, hsm.removable_label,
                  hsm.letters_label):
        init_token(conf, label)
    now = default_clock().now()
    provision(hsm.module, hsm.rsa_label, pki.ca, "rsa")
    provision(hsm.module, hsm.ec_label, pki.ca, "ec", person="Jan Kowalski")
    provision(hsm.module, hsm.mismatch_label, pki.ca, "rsa", cert_for_other_key=True)
    provision(hsm.module, hsm.removable_label, pki.ca, "ec")
    provision(hsm.module, hsm.letters_label, pki.ca, "rsa")
    provision(hsm.module, hsm.expired_label, pki.ca, "rsa", not_before=now - dt.timedelta(days=800),
              not_after=now - dt.timedelta(days=5))
    return hsm


def xmlsec_verify(path: Path, ca_pem: Path) -> subprocess.CompletedProcess:
    """Verify a signed file independently with xmlsec1 (trusting only ``ca_pem``)."""
    tool = need_tool("xmlsec1")
    # certificates are judged at the program's "now" (the tests' pinned date), not the machine's
    at = default_clock().now().strftime("%Y-%m-%d %H:%M:%S")
    return subprocess.run([tool, "--verify", "--verification-gmt-time", at, "--trusted-pem", str(ca_pem),
                           "--id-attr:Id", "http://uri.etsi.org/01903/v1.3.2#:SignedProperties",
                           "--id-attr:Id", "http://www.w3.org/2000/09/xmldsig#:KeyInfo", str(path)],
                          capture_output=True, text=True, check=False)


class ScriptedPrompt:
    """A PinPrompt that answers from a list and records what it was told (never a real person)."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.calls: list[tuple[str, int | None, bool, object]] = []

    def ask_pin(self, token_label, tries_left, retry, message=None):
        from eplatnik.errors import Cancelled

        self.calls.append((token_label, tries_left, retry, message))
        if not self.answers:
            raise Cancelled()
        return self.answers.pop(0)


@pytest.fixture
def scripted_prompt():
    return ScriptedPrompt
