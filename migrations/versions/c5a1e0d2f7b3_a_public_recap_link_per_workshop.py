"""A public recap link per workshop: its own random token, revocable

Revision ID: c5a1e0d2f7b3
Revises: 5247b8541f73
Create Date: 2026-11-30 02:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5a1e0d2f7b3'
down_revision = '5247b8541f73'
branch_labels = None
depends_on = None


def upgrade():
    # no workshop has a public recap link until its organiser makes one
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recap_token', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_workshop_recap_token'), ['recap_token'], unique=True)


def downgrade():
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_recap_token'))
        batch_op.drop_column('recap_token')
