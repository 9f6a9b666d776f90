"""Rows restored from an archive belong to no participant

An archive (schema clts_forum.workshop/2) keeps positions, upvotes, speaking turns and evaluation
submissions as counts per group, never tied to a person: restored, they have no participant.

Revision ID: 95df958639b2
Revises: afb5df64dd33
Create Date: 2026-11-29 23:05:48.999879

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '95df958639b2'
down_revision = 'afb5df64dd33'
branch_labels = None
depends_on = None


TABLES = ('evaluation_submission', 'position', 'speak_request', 'upvote')


def _participant_required(required: bool) -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('participant_id', existing_type=sa.INTEGER(), nullable=not required)


def upgrade():
    _participant_required(False)


def downgrade():
    # rows without a participant (restored from an archive) cannot go back under NOT NULL
    for table in TABLES:
        op.execute(f'DELETE FROM {table} WHERE participant_id IS NULL')
    _participant_required(True)
