"""opportunities tracked from a posting or by hand: url, posting site, location, notes

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('opportunities', sa.Column('url', sa.String(length=1000), nullable=True))
    op.add_column('opportunities', sa.Column('posting_site', sa.String(length=40), nullable=True))
    op.add_column('opportunities', sa.Column('location', sa.String(length=200), nullable=True))
    op.add_column('opportunities', sa.Column('notes', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('opportunities') as batch:
        batch.drop_column('notes')
        batch.drop_column('location')
        batch.drop_column('posting_site')
        batch.drop_column('url')
