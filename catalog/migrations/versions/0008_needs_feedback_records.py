"""needs feedback records

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 20:04:29.282009
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('guide_steps_reached',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=128), nullable=False),
    sa.Column('service_slug', sa.String(length=64), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('guide_steps_reached', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guide_steps_reached_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_guide_steps_reached_sender_id'), ['sender_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_guide_steps_reached_service_slug'), ['service_slug'], unique=False)

    op.create_table('service_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=128), nullable=False),
    sa.Column('service_slug', sa.String(length=64), nullable=False),
    sa.Column('found_by', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_requests_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_requests_sender_id'), ['sender_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_requests_service_slug'), ['service_slug'], unique=False)

    op.create_table('unanswered_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=128), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('unanswered_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unanswered_messages_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_unanswered_messages_sender_id'), ['sender_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('unanswered_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unanswered_messages_sender_id'))
        batch_op.drop_index(batch_op.f('ix_unanswered_messages_created_at'))

    op.drop_table('unanswered_messages')
    with op.batch_alter_table('service_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_requests_service_slug'))
        batch_op.drop_index(batch_op.f('ix_service_requests_sender_id'))
        batch_op.drop_index(batch_op.f('ix_service_requests_created_at'))

    op.drop_table('service_requests')
    with op.batch_alter_table('guide_steps_reached', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guide_steps_reached_service_slug'))
        batch_op.drop_index(batch_op.f('ix_guide_steps_reached_sender_id'))
        batch_op.drop_index(batch_op.f('ix_guide_steps_reached_created_at'))

    op.drop_table('guide_steps_reached')
