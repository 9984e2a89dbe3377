"""What signing needs from the documents area, as a narrow interface (no import of its service)."""

from __future__ import annotations

from typing import Any, Protocol


class SignedSetSink(Protocol):
    """The documents area as signing sees it: unsigned bytes out, signed bytes in
    (``DocumentService`` is one; ``mark_signed`` stores the evidence and moves the set to "signed")."""

    def get_xml(self, set_id: int, *, signed: bool = True) -> bytes: ...

    def mark_signed(self, set_id: int, signed_xml: bytes, signer_info: str) -> Any: ...
