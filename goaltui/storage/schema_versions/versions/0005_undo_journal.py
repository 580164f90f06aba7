"""Schema 5, the undo journal and ids never given twice.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from goaltui.storage.migrations import _v4_to_v5

    _v4_to_v5(op.get_bind())
