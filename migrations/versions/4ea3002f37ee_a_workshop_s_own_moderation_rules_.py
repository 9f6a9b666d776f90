"""A workshop's own moderation rules, published to participants

Revision ID: 4ea3002f37ee
Revises: 13de48ced9b5
Create Date: 2026-11-29 23:28:09.629177

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4ea3002f37ee'
down_revision = '13de48ced9b5'
branch_labels = None
depends_on = None


def upgrade():
    # existing workshops keep the default text of their moderation mode ("")
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('moderation_rules', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('moderation_rules_easy', sa.Text(), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('moderation_rules_easy')
        batch_op.drop_column('moderation_rules')
