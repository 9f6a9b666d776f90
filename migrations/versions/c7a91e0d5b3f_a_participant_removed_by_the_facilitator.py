"""A participant removed by the facilitator (created in bad faith): no longer counted nor connected

Revision ID: c7a91e0d5b3f
Revises: 95df958639b2
Create Date: 2026-11-30 02:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7a91e0d5b3f'
down_revision = '95df958639b2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('removed_at')
