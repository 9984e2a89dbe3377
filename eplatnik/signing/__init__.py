"""Signing: certificate inspection, key sources (PKCS#12 file, PKCS#11 token), XAdES-BES sign/verify.

* ``certs`` — read an X.509 certificate in plain words (owner, PESEL/NIP, qualified claims, validity).
* ``testpki`` — a throw-away CA and "qualified-like" certificates for tests, the demo and the sandbox.
* ``keysource`` / ``p12`` / ``pkcs11`` — where the private key lives; the PIN-prompt protocol;
  ``providers`` — known PKCS#11 modules of Polish providers per OS (``providers.json``).
* ``xades_sign`` / ``xades`` — enveloped XAdES-BES inside the KEDU root, and its verification.
* ``service`` — ``SigningService``: batch signing with one PIN entry, expiring certificates.
"""
