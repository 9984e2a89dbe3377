"""Notifications about what arrived from ZUS: e-mail (SMTP with STARTTLS/TLS and login) and the
desktop (the GUI's tray or status bar). They say only that something arrived and where to look —
never a letter's title or content, never a rejection's reasons."""
