"""guided sessions across channels: the resident's channel and recipient, session letters

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 02:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('guided_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('recipient', sa.String(length=64), nullable=True))
    # Sessions open before this revision were all on Telegram.
    op.execute("UPDATE guided_sessions SET channel = 'telegram' WHERE chat_id IS NOT NULL")

    with op.batch_alter_table('handoff_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('data', sa.JSON(), nullable=True))
        batch_op.alter_column('request_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_handoff_outbox_session_id'), ['session_id'], unique=False)
        batch_op.create_foreign_key(
            'fk_handoff_outbox_session_id',
            'guided_sessions', ['session_id'], ['id'], ondelete='CASCADE',
        )


def downgrade() -> None:
    op.execute("DELETE FROM handoff_outbox WHERE request_id IS NULL")
    with op.batch_alter_table('handoff_outbox', schema=None) as batch_op:
        batch_op.drop_constraint(
            'fk_handoff_outbox_session_id', type_='foreignkey'
        )
        batch_op.drop_index(batch_op.f('ix_handoff_outbox_session_id'))
        batch_op.alter_column('request_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('data')
        batch_op.drop_column('session_id')

    with op.batch_alter_table('guided_sessions', schema=None) as batch_op:
        batch_op.drop_column('recipient')
        batch_op.drop_column('channel')
