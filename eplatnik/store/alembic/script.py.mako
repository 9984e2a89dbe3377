"""${message}

Revision ${up_revision} (after ${down_revision | comma,n}), created ${create_date}.
Runs on SQLite and on PostgreSQL: write it with ``op`` (see docs/architecture.md, "Adding a migration"),
update store/schema.py in the same commit, and never edit it once released.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from eplatnik.store.alembic import forward_only
% if imports:
${imports}
% endif

revision: str = "${up_revision}"
down_revision: str | None = "${down_revision}"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    ${upgrades if upgrades else 'raise RuntimeError("this revision is not written yet: write it with op.* (docs/architecture.md)")'}


def downgrade() -> None:
    forward_only()
