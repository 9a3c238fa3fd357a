import warnings

from alembic import context
from alembic.operations import ops
from sqlalchemy import Column, engine_from_config, pool

from topofmind.store.models import Base

config = context.config
target_metadata = Base.metadata
# Said of each expression index on every autogenerate; add_expression_indexes handles them.
warnings.filterwarnings("ignore", message="autogenerate skipping metadata-specified expression-based index")


def _index_names(operations) -> set[str]:
    names = set()
    for op in operations:
        if isinstance(op, ops.CreateIndexOp):
            names.add(op.index_name)
        names |= _index_names(getattr(op, "ops", ()))
    return names


def add_expression_indexes(_context, _revision, directives) -> None:
    """Autogenerate cannot compare expression indexes (``lower(name)``) on SQLite, where
    scripts/new-migration runs, and leaves them out: add those of the tables this revision
    creates after the tables (a new expression index on an existing table: by hand)."""
    script = directives[0]
    if script.upgrade_ops is None:
        return
    present = _index_names(script.upgrade_ops.ops)
    created = {op.table_name for op in script.upgrade_ops.ops if isinstance(op, ops.CreateTableOp)}
    for table in target_metadata.sorted_tables:
        if table.name not in created:
            continue
        for index in sorted(table.indexes, key=lambda i: i.name):
            if index.name not in present and any(not isinstance(e, Column) for e in index.expressions):
                script.upgrade_ops.ops.append(ops.CreateIndexOp.from_index(index))
                script.downgrade_ops.ops.insert(0, ops.DropIndexOp.from_index(index))


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = config.attributes.get("engine") or engine_from_config(
        config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True,
                          process_revision_directives=add_expression_indexes)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
