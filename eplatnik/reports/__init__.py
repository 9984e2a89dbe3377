"""PDF reports (reportlab): receipts, declaration printouts, visit confirmations."""
