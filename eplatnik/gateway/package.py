"""Building and opening a gateway package: signed KEDU → ZIP container → CMS EnvelopedData.

``cryptography``'s PKCS7EnvelopeBuilder only does RSA PKCS#1 v1.5 key transport, so the CMS
structure is built with ``asn1crypto`` and the primitives come from ``cryptography``: AES-256-CBC
for the content, RSAES-OAEP (SHA-256, MGF1-SHA-256) for the content key (RFC 3560). The result
opens with ``openssl cms -decrypt -inform DER``.
"""

from __future__ import annotations

import functools
import io
import os
import zipfile
from dataclasses import dataclass

from asn1crypto import algos, cms
from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as apadding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .protocol import CONTAINERS, PACKAGE_TYPE, sha256_b64

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


class PackageError(ValueError):
    """The package cannot be decrypted or unpacked (the gateway answers 408)."""


@dataclass(frozen=True)
class Package:
    data: bytes            # DER CMS EnvelopedData, the bytes that travel
    sha256_b64: str        # base64 SHA-256 of ``data`` (EWD strB64SkrotPrzesylki)
    package_type: str = PACKAGE_TYPE


def _oaep() -> apadding.OAEP:
    return apadding.OAEP(mgf=apadding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


# -- container ---------------------------------------------------------------------------------
def make_container(signed_kedu: bytes, package_type: str = PACKAGE_TYPE) -> bytes:
    """A ZIP with ``mimetype`` stored first (as ASiC does) and the signed document byte-exact."""
    mimetype, document = CONTAINERS[package_type]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        fixed = (1980, 1, 1, 0, 0, 0)  # fixed timestamps: the same document gives the same container
        zf.writestr(zipfile.ZipInfo("mimetype", fixed), mimetype, compress_type=zipfile.ZIP_STORED)
        zf.writestr(zipfile.ZipInfo(document, fixed), signed_kedu, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def open_container(data: bytes, package_type: str = PACKAGE_TYPE) -> bytes:
    mimetype, document = CONTAINERS[package_type]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            if not names or names[0] != "mimetype" or zf.read("mimetype").decode() != mimetype:
                raise PackageError("container mimetype missing or wrong")
            info = zf.getinfo(document)
            if info.file_size > MAX_DOCUMENT_BYTES:
                raise PackageError("document too large")
            return zf.read(document)
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
        raise PackageError(f"bad container: {exc}") from None


# -- CMS EnvelopedData -------------------------------------------------------------------------
@functools.lru_cache(maxsize=8)
def _recipient_parts(cert_der: bytes) -> tuple[bytes, bytes]:
    """DER of the recipient identifier and of the key transport algorithm for one certificate.

    Built once per certificate: asn1crypto re-validates nested values on every construction, which
    cost more than the encryption itself when done per package."""
    cert = ax509.Certificate.load(cert_der)
    rid = cms.RecipientIdentifier(name="issuer_and_serial_number", value=cms.IssuerAndSerialNumber({
        "issuer": cert.issuer, "serial_number": cert.serial_number}))
    algorithm = cms.KeyEncryptionAlgorithm({
        "algorithm": "rsaes_oaep",
        "parameters": algos.RSAESOAEPParams({
            "hash_algorithm": {"algorithm": "sha256"},
            "mask_gen_algorithm": {"algorithm": "mgf1", "parameters": {"algorithm": "sha256"}},
        })})
    return rid.dump(), algorithm.dump()


def envelope(content: bytes, recipient: x509.Certificate) -> bytes:
    """Encrypt ``content`` for ``recipient`` (an RSA certificate) as DER CMS EnvelopedData."""
    public_key = recipient.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise ValueError("the gateway encryption certificate must hold an RSA key")
    content_key, iv = os.urandom(32), os.urandom(16)
    padder = padding.PKCS7(128).padder()
    padded = padder.update(content) + padder.finalize()
    encryptor = Cipher(algorithms.AES(content_key), modes.CBC(iv)).encryptor()
    encrypted = encryptor.update(padded) + encryptor.finalize()
    rid_der, algorithm_der = _recipient_parts(recipient.public_bytes(serialization.Encoding.DER))
    recipient_info = cms.RecipientInfo(name="ktri", value=cms.KeyTransRecipientInfo({
        "version": "v0",
        "rid": cms.RecipientIdentifier.load(rid_der),
        "key_encryption_algorithm": cms.KeyEncryptionAlgorithm.load(algorithm_der),
        "encrypted_key": public_key.encrypt(content_key, _oaep()),
    }))
    enveloped = cms.EnvelopedData({
        "version": "v0",
        "recipient_infos": [recipient_info],
        "encrypted_content_info": {
            "content_type": "data",
            "content_encryption_algorithm": {"algorithm": "aes256_cbc", "parameters": iv},
            "encrypted_content": encrypted,
        },
    })
    return cms.ContentInfo({"content_type": "enveloped_data", "content": enveloped}).dump()


def open_envelope(data: bytes, private_key: rsa.RSAPrivateKey, certificate: x509.Certificate) -> bytes:
    """Decrypt DER CMS EnvelopedData addressed to ``certificate``; raises PackageError."""
    try:
        info = cms.ContentInfo.load(data)
        if info["content_type"].native != "enveloped_data":
            raise PackageError("not CMS EnvelopedData")
        enveloped = info["content"]
        own = ax509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
        content_key = None
        for recipient in enveloped["recipient_infos"]:
            if recipient.name != "ktri":
                continue
            ktri = recipient.chosen
            rid = ktri["rid"].chosen
            if not isinstance(rid, cms.IssuerAndSerialNumber):
                continue
            if rid["issuer"] != own.issuer or rid["serial_number"].native != own.serial_number:
                continue
            algorithm = ktri["key_encryption_algorithm"]["algorithm"].native
            if algorithm != "rsaes_oaep":
                raise PackageError(f"unsupported key transport {algorithm}")
            content_key = private_key.decrypt(ktri["encrypted_key"].native, _oaep())
        if content_key is None:
            raise PackageError("the package is not addressed to this gateway's encryption certificate")
        eci = enveloped["encrypted_content_info"]
        if eci["content_encryption_algorithm"]["algorithm"].native != "aes256_cbc":
            raise PackageError("unsupported content encryption")
        iv = eci["content_encryption_algorithm"]["parameters"].native
        decryptor = Cipher(algorithms.AES(content_key), modes.CBC(iv)).decryptor()
        padded = decryptor.update(eci["encrypted_content"].native) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return unpadder.update(padded) + unpadder.finalize()
    except PackageError:
        raise
    except (ValueError, TypeError, KeyError) as exc:
        raise PackageError(f"cannot decrypt: {exc}") from None


def build_package(signed_kedu: bytes, encryption_cert: x509.Certificate,
                  package_type: str = PACKAGE_TYPE) -> Package:
    data = envelope(make_container(signed_kedu, package_type), encryption_cert)
    return Package(data=data, sha256_b64=sha256_b64(data), package_type=package_type)


def open_package(data: bytes, private_key: rsa.RSAPrivateKey, certificate: x509.Certificate,
                 package_type: str = PACKAGE_TYPE) -> bytes:
    """The signed document inside a package (exactly as the client signed them)."""
    return open_container(open_envelope(data, private_key, certificate), package_type)
