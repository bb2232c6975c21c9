"""handoff across channels: a relay chat by recipient, and the handoff outbox

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 03:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('handoff_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('to', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=True),
    sa.Column('chat_id', sa.BigInteger(), nullable=True),
    sa.Column('recipient', sa.String(length=64), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('replies', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['help_requests.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('handoff_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoff_outbox_delivered_at'), ['delivered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_handoff_outbox_request_id'), ['request_id'], unique=False)

    with op.batch_alter_table('relay_chats', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recipient', sa.String(length=64), nullable=True))
        batch_op.alter_column('chat_id', existing_type=sa.BigInteger(), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('relay_chats', schema=None) as batch_op:
        batch_op.alter_column('chat_id', existing_type=sa.BigInteger(), nullable=False)
        batch_op.drop_column('recipient')

    with op.batch_alter_table('handoff_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoff_outbox_request_id'))
        batch_op.drop_index(batch_op.f('ix_handoff_outbox_delivered_at'))

    op.drop_table('handoff_outbox')
