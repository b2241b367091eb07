"""Storage: SQLAlchemy 2.0 models, one place that opens sessions, Alembic migrations shipped in the package."""
