"""offered choices

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 20:15:59.744061
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('offered_choices',
    sa.Column('sender_id', sa.String(length=128), nullable=False),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('sender_id')
    )


def downgrade() -> None:
    op.drop_table('offered_choices')
