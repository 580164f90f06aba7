"""Alembic's entry point: run the revisions on the connection goaltui passes in.

goaltui opens the transaction itself (SQLite: with foreign keys off and the
write lock taken, see ``goaltui.storage.migrations``), so every revision of one
upgrade commits together or not at all.
"""

from alembic import context

from goaltui.storage.migrations import VERSION_TABLE

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
