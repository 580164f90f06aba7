"""Schema 6, the goal tree's figures kept between starts (``storage.glance``).

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from goaltui.storage.migrations import add_glance

    add_glance(op.get_bind())
