"""reminders: how often a service recurs, residents' reminders and their notices

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-12 02:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recurs', sa.String(length=32), nullable=True))
    op.create_table(
        'reminders',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sender_id', sa.String(length=128), nullable=False),
        sa.Column('service_slug', sa.String(length=64), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=True),
        sa.Column('chat_id', sa.BigInteger(), nullable=True),
        sa.Column('recipient', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminders_sender_id'), ['sender_id'], unique=False)
    op.create_table(
        'reminder_notices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reminder_id', sa.Integer(), nullable=False),
        sa.Column('days_before', sa.Integer(), nullable=False),
        sa.Column('send_after', sa.DateTime(timezone=True), nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['reminder_id'], ['reminders.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('reminder_notices', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_reminder_notices_reminder_id'), ['reminder_id'], unique=False
        )
        batch_op.create_index(
            batch_op.f('ix_reminder_notices_send_after'), ['send_after'], unique=False
        )


def downgrade() -> None:
    op.drop_table('reminder_notices')
    op.drop_table('reminders')
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_column('recurs')
