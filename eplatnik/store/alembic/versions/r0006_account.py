"""0006: account, released as numbered SQL:
store/migrations/0006_account.sql.

The body runs that released file for the database's backend; it never changes (a change of schema is a
new revision).
"""

from __future__ import annotations

from eplatnik.store.alembic import forward_only
from eplatnik.store.alembic.runner import run_released_sql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    run_released_sql(revision)


def downgrade() -> None:
    forward_only()
