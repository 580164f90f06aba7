"""Schema 1: goals, KPIs and their values, milestones, steps, check-ins, reviews, revisions.

Revision ID: 0001
Revises:
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    from goaltui.storage.migrations import SCHEMA_V1

    bind = op.get_bind()
    for statement in SCHEMA_V1.split(";"):
        if statement.strip() and "PRAGMA" not in statement:
            bind.exec_driver_sql(statement)
