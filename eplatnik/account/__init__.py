"""The payer's account: dues by fund from accepted declarations, payments from bank statements,
allocation as ZUS does it, arrears and late-payment interest (docs/account.md)."""
