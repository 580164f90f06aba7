"""Schema 6, the goal tree's figures kept between starts (``storage.glance``).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from goaltui.storage import glance
    from goaltui.storage.migrations import glance_triggers

    op.create_table(
        glance.TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payload", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # On PostgreSQL the notification triggers forget the figures (storage.pg_journal).
    glance_triggers(op.get_bind())
