"""gateway instances

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28 22:31:10.023542
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('gateway_instances',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    with op.batch_alter_table('pending_turns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_pending_turns_owner'), ['owner'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('pending_turns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_turns_owner'))
        batch_op.drop_column('owner')

    op.drop_table('gateway_instances')
