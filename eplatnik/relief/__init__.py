"""Relief applications drafted from the payer's account: instalments (układ ratalny, ZUS RSR) and a
deferral of the payment deadline (odroczenie, ZUS RSO); see shared/domain/relief-and-evisits.md."""
