"""lookup cards: overlay answers kept until what they show changes

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 18:05:00
"""
from alembic import op
import sqlalchemy as sa
import topofmind.store.models


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('card_epoch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.execute("INSERT INTO card_epoch (id, value) VALUES (1, 0)")
    op.create_table('lookup_cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('question', sa.JSON(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('valid_until', topofmind.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('built_at', topofmind.store.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('refreshing_until', topofmind.store.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'key')
    )
    op.create_index('ix_lookup_cards_valid_until', 'lookup_cards', ['valid_until'], unique=False)
    op.create_table('lookup_card_deps',
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('dep', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['lookup_cards.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('card_id', 'dep')
    )
    op.create_index('ix_lookup_card_deps_dep', 'lookup_card_deps', ['dep'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_lookup_card_deps_dep', table_name='lookup_card_deps')
    op.drop_table('lookup_card_deps')
    op.drop_index('ix_lookup_cards_valid_until', table_name='lookup_cards')
    op.drop_table('lookup_cards')
    op.drop_table('card_epoch')
