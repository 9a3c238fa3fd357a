"""page sessions and setup codes (issue 18)

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa
import topofmind.store.models


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('page_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', topofmind.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', topofmind.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_hash')
    )
    op.create_index(op.f('ix_page_sessions_user_id'), 'page_sessions', ['user_id'], unique=False)
    op.create_table('setup_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', topofmind.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', topofmind.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code_hash')
    )
    op.create_index(op.f('ix_setup_codes_user_id'), 'setup_codes', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_setup_codes_user_id'), table_name='setup_codes')
    op.drop_table('setup_codes')
    op.drop_index(op.f('ix_page_sessions_user_id'), table_name='page_sessions')
    op.drop_table('page_sessions')
