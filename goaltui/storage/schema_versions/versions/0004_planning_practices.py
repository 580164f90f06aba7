"""Schema 4, partners, obstacles and their plans, range KPIs, checkpoints, important steps.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from goaltui.storage.migrations import _v3_to_v4

    _v3_to_v4(op.get_bind())
