"""issue 20: the question a message leaves open, a team reply address, the user's specifics for a draft, where the timezone came from

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa
import topofmind.store.models


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('action_specifics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('action_key', sa.String(length=200), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('at', topofmind.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'action_key')
    )
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('timezone_source', sa.String(length=20), nullable=True))
    with op.batch_alter_table('touches') as batch:
        batch.add_column(sa.Column('asks', sa.String(length=300), nullable=True))
        batch.add_column(sa.Column('reply_address', sa.String(length=320), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('touches') as batch:
        batch.drop_column('reply_address')
        batch.drop_column('asks')
    op.drop_table('action_specifics')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('timezone_source')
