"""step help, service recap and sources, stuck events

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 16:44:07.124747

Existing rows get empty defaults; `make catalog` re-imports the catalog right after.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stuck_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=128), nullable=False),
    sa.Column('service_slug', sa.String(length=64), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('trouble', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('stuck_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stuck_events_sender_id'), ['sender_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stuck_events_service_slug'), ['service_slug'], unique=False)

    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('words', sa.JSON(), server_default='[]', nullable=False))

    with op.batch_alter_table('guide_steps', schema=None) as batch_op:
        batch_op.add_column(sa.Column('help', sa.JSON(), server_default='{}', nullable=False))

    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hotline_name', sa.String(length=32), server_default='', nullable=False))
        batch_op.add_column(sa.Column('caution', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('recap', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('sources', sa.JSON(), server_default='[]', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_column('sources')
        batch_op.drop_column('recap')
        batch_op.drop_column('caution')
        batch_op.drop_column('hotline_name')

    with op.batch_alter_table('guide_steps', schema=None) as batch_op:
        batch_op.drop_column('help')

    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.drop_column('words')

    with op.batch_alter_table('stuck_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stuck_events_service_slug'))
        batch_op.drop_index(batch_op.f('ix_stuck_events_sender_id'))

    op.drop_table('stuck_events')
