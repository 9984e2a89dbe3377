"""The workspace database: one connection owned by one worker thread, SQLAlchemy Core, migrations."""

from .conn import Conn
from .database import Database, open_database

__all__ = ["Conn", "Database", "open_database"]
