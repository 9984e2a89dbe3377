"""The migration scripts (r0001_… : revision "0001"), loaded by Alembic as files."""
