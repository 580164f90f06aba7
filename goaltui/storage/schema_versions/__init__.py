"""goaltui's schema versions as Alembic revisions (``versions/``), and ``env.py``
that runs them on the connection goaltui hands over (see ``storage.migrations``).
"""
