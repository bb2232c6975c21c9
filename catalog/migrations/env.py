"""Alembic environment: migrates the database named by `catalog.database.database_url()`."""

from alembic import context
from sqlalchemy import Connection

from catalog.database import database_url, make_engine
from catalog.models import Base


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    with make_engine(
        context.config.get_main_option("sqlalchemy.url") or database_url()
    ).connect() as connection:
        run_migrations(connection)
