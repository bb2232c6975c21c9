"""guide outcomes and help requests

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 05:59:53.289568
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('guide_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=128), nullable=False),
    sa.Column('service_slug', sa.String(length=64), nullable=False),
    sa.Column('step_reached', sa.Integer(), nullable=False),
    sa.Column('total_steps', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('guide_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guide_outcomes_sender_id'), ['sender_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_guide_outcomes_service_slug'), ['service_slug'], unique=False)

    op.create_table('help_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=128), nullable=False),
    sa.Column('service_slug', sa.String(length=64), nullable=True),
    sa.Column('step', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), server_default='open', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_help_requests_sender_id'), ['sender_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_help_requests_sender_id'))

    op.drop_table('help_requests')
    with op.batch_alter_table('guide_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guide_outcomes_service_slug'))
        batch_op.drop_index(batch_op.f('ix_guide_outcomes_sender_id'))

    op.drop_table('guide_outcomes')
