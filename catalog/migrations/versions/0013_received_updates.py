"""received updates

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 01:10:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('received_updates',
    sa.Column('channel', sa.String(length=64), nullable=False),
    sa.Column('update_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('channel', 'update_id')
    )
    with op.batch_alter_table('received_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_received_updates_received_at'), ['received_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('received_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_received_updates_received_at'))

    op.drop_table('received_updates')
