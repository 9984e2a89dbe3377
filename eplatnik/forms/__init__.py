"""Declarations: KEDU documents, the contribution calculator, verification."""
