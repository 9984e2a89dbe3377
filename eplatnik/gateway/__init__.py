"""Submission to ZUS and receipts: the wire protocol, packaging (CMS), the HTTP client, the outbox,
receipt verification and the evidence archive. See ``docs/gateway-protocol.md``.

* ``protocol`` — paths, status codes, JSON messages shared with the sandbox;
* ``package`` — signed KEDU → ZIP container → CMS EnvelopedData (AES-256-CBC, RSA-OAEP);
* ``receipt_xml`` — the signed receipt (UPO-like) and its verification against a pinned certificate;
* ``client`` — HTTP with timeouts, retries (backoff + jitter) and cancellation;
* ``outbox`` / ``receipts`` — the database side and the evidence files;
* ``service`` — ``GatewayService``: profiles, submit, the outbox loop, the archive.
"""
