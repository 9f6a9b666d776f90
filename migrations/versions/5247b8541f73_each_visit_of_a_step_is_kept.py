"""Each visit of a step is kept

Going back to an earlier step adds a visit instead of overwriting the step's start: the report's
timeline lists every visit with its duration.

Revision ID: 5247b8541f73
Revises: c7a91e0d5b3f
Create Date: 2026-11-30 02:40:11.991192

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5247b8541f73'
down_revision = 'c7a91e0d5b3f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('step_visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['step_id'], ['step.id'], name=op.f('fk_step_visit_step_id_step'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_step_visit_workshop_id_workshop')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_step_visit'))
    )
    with op.batch_alter_table('step_visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_step_visit_step_id'), ['step_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_step_visit_workshop_id'), ['workshop_id'], unique=False)



def downgrade():
    with op.batch_alter_table('step_visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_step_visit_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_step_visit_step_id'))

    op.drop_table('step_visit')
