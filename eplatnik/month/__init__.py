"""The accountant's month-end: per-client period state, the bulk run, payment notes, the office summary."""
