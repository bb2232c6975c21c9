"""recipients of pending turns and channel access tokens

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 02:50:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('access_tokens',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('token', sa.Text(), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('renewing_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('pending_turns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recipient', sa.String(length=64), nullable=True))
        batch_op.alter_column('chat_id', existing_type=sa.BigInteger(), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('pending_turns', schema=None) as batch_op:
        batch_op.alter_column('chat_id', existing_type=sa.BigInteger(), nullable=False)
        batch_op.drop_column('recipient')

    op.drop_table('access_tokens')
