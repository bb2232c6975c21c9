"""pending turns

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 17:31:34.419573
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pending_turns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('sender_id', sa.String(length=128), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('reply_to', sa.BigInteger(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('message_metadata', sa.JSON(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pending_turns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_turns_sender_id'), ['sender_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('pending_turns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_turns_sender_id'))

    op.drop_table('pending_turns')
