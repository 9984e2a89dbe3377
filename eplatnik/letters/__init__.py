"""Correspondence with ZUS: the inbox of letters, opening them with a UPD, the evidence archive."""
