"""web conversations: the web chat's conversations and their recent messages

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 16:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'web_conversations',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('sender_id', sa.String(length=128), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('web_conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_conversations_sender_id'), ['sender_id'], unique=False)

    op.create_table(
        'web_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.String(length=64), nullable=False),
        sa.Column('author', sa.String(length=16), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('buttons', sa.JSON(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.ForeignKeyConstraint(['conversation_id'], ['web_conversations.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('web_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_messages_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_web_messages_sent_at'), ['sent_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('web_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_messages_sent_at'))
        batch_op.drop_index(batch_op.f('ix_web_messages_conversation_id'))
    op.drop_table('web_messages')

    with op.batch_alter_table('web_conversations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_conversations_sender_id'))
    op.drop_table('web_conversations')
