"""SQLite storage: one connection owned by one worker thread, versioned migrations."""

from .db import Database, open_database

__all__ = ["Database", "open_database"]
