"""issue 21: the extension's selector misses, per user, site and selector (shown on Settings)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 06:33:58.324999
"""
from alembic import op
import sqlalchemy as sa
import topofmind.store.models


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('selector_misses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('site', sa.String(length=20), nullable=False),
    sa.Column('selector', sa.String(length=40), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('first_at', topofmind.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_at', topofmind.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'site', 'selector')
    )


def downgrade() -> None:
    op.drop_table('selector_misses')
