"""Alembic migrations of the app's schema, applied when a database is opened."""
