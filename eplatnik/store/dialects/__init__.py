"""What differs between the database engines eplatnik runs on (SQLite now; PostgreSQL in issue 16).

A backend owns one connection and is driven by ``store.database.Database`` on its worker thread: open,
migrate, the SQLAlchemy connection, how a transaction of each kind begins, and the engine's own
services (change counter, online backup). Nothing outside ``eplatnik/store`` uses a backend directly.
"""
