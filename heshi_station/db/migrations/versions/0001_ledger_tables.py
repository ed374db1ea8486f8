"""ledger tables

Revision ID: 0001
Revises: 
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('app_setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_app_setting'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.Column('actor', sa.String(length=50), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=30), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_entity_id'), ['entity_id'], unique=False)

    op.create_table('calendar_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('is_working_day', sa.Boolean(), nullable=False),
    sa.Column('name', sa.String(length=30), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_calendar_day'))
    )
    op.create_table('calendar_year',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_calendar_year'))
    )
    op.create_table('category',
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('time_limit_days', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_category')),
    sa.UniqueConstraint('name', name=op.f('uq_category_name'))
    )
    op.create_table('clerk',
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clerk'))
    )
    op.create_table('deputy',
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('gender', sa.String(length=4), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('constituency', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('name_initials', sa.String(length=50), nullable=False),
    sa.Column('name_pinyin', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('updated_at', sa.String(length=40), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deputy'))
    )
    with op.batch_alter_table('deputy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deputy_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_deputy_name_initials'), ['name_initials'], unique=False)

    op.create_table('handling_unit',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('parent_id', sa.String(length=36), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['handling_unit.id'], name=op.f('fk_handling_unit_parent_id_handling_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handling_unit')),
    sa.UniqueConstraint('name', name=op.f('uq_handling_unit_name'))
    )
    op.create_table('outbox',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('op_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=30), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('op', sa.String(length=20), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('acked_at', sa.String(length=40), nullable=True),
    sa.Column('reject_code', sa.String(length=40), nullable=False),
    sa.Column('reject_message', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_outbox')),
    sa.UniqueConstraint('op_id', name=op.f('uq_outbox_op_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_status'), ['status'], unique=False)

    op.create_table('reception_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reception_day'))
    )
    with op.batch_alter_table('reception_day', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reception_day_day'), ['day'], unique=False)

    op.create_table('station',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('district', sa.String(length=50), nullable=False),
    sa.Column('township', sa.String(length=50), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_station')),
    sa.UniqueConstraint('code', name=op.f('uq_station_code'))
    )
    op.create_table('sync_cursor',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_sync_cursor'))
    )
    op.create_table('attendance',
    sa.Column('deputy_id', sa.String(length=36), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reception_day_id', sa.String(length=36), nullable=True),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('arrived_at', sa.Time(), nullable=True),
    sa.Column('left_at', sa.Time(), nullable=True),
    sa.Column('activities', sa.Text(), nullable=False),
    sa.Column('leave_reason', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.String(length=40), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['deputy_id'], ['deputy.id'], name=op.f('fk_attendance_deputy_id_deputy')),
    sa.ForeignKeyConstraint(['reception_day_id'], ['reception_day.id'], name=op.f('fk_attendance_reception_day_id_reception_day')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('deputy_id', 'day', name='uq_attendance_deputy_day')
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendance_deputy_id'), ['deputy_id'], unique=False)

    op.create_table('reception',
    sa.Column('received_at', sa.String(length=40), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('way', sa.String(length=8), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('clerk_name', sa.String(length=50), nullable=False),
    sa.Column('matter', sa.Text(), nullable=False),
    sa.Column('category_id', sa.String(length=36), nullable=True),
    sa.Column('confidential', sa.Boolean(), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('source_key', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_reception_category_id_category')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reception')),
    sa.UniqueConstraint('source_key', name=op.f('uq_reception_source_key'))
    )
    with op.batch_alter_table('reception', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reception_received_on'), ['received_on'], unique=False)

    op.create_table('rota',
    sa.Column('reception_day_id', sa.String(length=36), nullable=False),
    sa.Column('deputy_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['deputy_id'], ['deputy.id'], name=op.f('fk_rota_deputy_id_deputy')),
    sa.ForeignKeyConstraint(['reception_day_id'], ['reception_day.id'], name=op.f('fk_rota_reception_day_id_reception_day'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('reception_day_id', 'deputy_id', name=op.f('pk_rota'))
    )
    op.create_table('opinion',
    sa.Column('reception_id', sa.String(length=36), nullable=True),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('category_id', sa.String(length=36), nullable=True),
    sa.Column('proposer_name', sa.String(length=50), nullable=False),
    sa.Column('proposer_phone', sa.String(length=20), nullable=False),
    sa.Column('village', sa.String(length=100), nullable=False),
    sa.Column('route', sa.String(length=12), nullable=False),
    sa.Column('confidential', sa.Boolean(), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('lead_unit_id', sa.String(length=36), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_opinion_category_id_category')),
    sa.ForeignKeyConstraint(['lead_unit_id'], ['handling_unit.id'], name=op.f('fk_opinion_lead_unit_id_handling_unit')),
    sa.ForeignKeyConstraint(['reception_id'], ['reception.id'], name=op.f('fk_opinion_reception_id_reception')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opinion'))
    )
    with op.batch_alter_table('opinion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opinion_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opinion_closed_on'), ['closed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_opinion_lead_unit_id'), ['lead_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opinion_reception_id'), ['reception_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opinion_registered_on'), ['registered_on'], unique=False)
        batch_op.create_index('ix_opinion_state_due', ['state', 'due_date'], unique=False)

    op.create_table('reception_deputy',
    sa.Column('reception_id', sa.String(length=36), nullable=False),
    sa.Column('deputy_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['deputy_id'], ['deputy.id'], name=op.f('fk_reception_deputy_deputy_id_deputy')),
    sa.ForeignKeyConstraint(['reception_id'], ['reception.id'], name=op.f('fk_reception_deputy_reception_id_reception'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('reception_id', 'deputy_id', name=op.f('pk_reception_deputy'))
    )
    with op.batch_alter_table('reception_deputy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reception_deputy_deputy_id'), ['deputy_id'], unique=False)

    op.create_table('visitor',
    sa.Column('reception_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('gender', sa.String(length=4), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('village', sa.String(length=100), nullable=False),
    sa.Column('group_size', sa.Integer(), nullable=False),
    sa.Column('name_initials', sa.String(length=50), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['reception_id'], ['reception.id'], name=op.f('fk_visitor_reception_id_reception'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visitor'))
    )
    with op.batch_alter_table('visitor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visitor_name_initials'), ['name_initials'], unique=False)
        batch_op.create_index(batch_op.f('ix_visitor_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_visitor_reception_id'), ['reception_id'], unique=False)

    op.create_table('opinion_deputy',
    sa.Column('opinion_id', sa.String(length=36), nullable=False),
    sa.Column('deputy_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['deputy_id'], ['deputy.id'], name=op.f('fk_opinion_deputy_deputy_id_deputy')),
    sa.ForeignKeyConstraint(['opinion_id'], ['opinion.id'], name=op.f('fk_opinion_deputy_opinion_id_opinion'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('opinion_id', 'deputy_id', name=op.f('pk_opinion_deputy'))
    )
    with op.batch_alter_table('opinion_deputy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opinion_deputy_deputy_id'), ['deputy_id'], unique=False)

    op.create_table('opinion_event',
    sa.Column('opinion_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('occurred_at', sa.String(length=40), nullable=False),
    sa.Column('recorded_at', sa.String(length=40), nullable=False),
    sa.Column('actor', sa.String(length=50), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['opinion_id'], ['opinion.id'], name=op.f('fk_opinion_event_opinion_id_opinion')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opinion_event'))
    )
    with op.batch_alter_table('opinion_event', schema=None) as batch_op:
        batch_op.create_index('ix_opinion_event_kind_time', ['kind', 'occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_opinion_event_opinion_id'), ['opinion_id'], unique=False)

    


def downgrade() -> None:
    
    with op.batch_alter_table('opinion_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opinion_event_opinion_id'))

    op.drop_table('opinion_event')
    with op.batch_alter_table('opinion_deputy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opinion_deputy_deputy_id'))

    op.drop_table('opinion_deputy')
    with op.batch_alter_table('visitor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visitor_reception_id'))
        batch_op.drop_index(batch_op.f('ix_visitor_phone'))
        batch_op.drop_index(batch_op.f('ix_visitor_name_initials'))

    op.drop_table('visitor')
    with op.batch_alter_table('reception_deputy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reception_deputy_deputy_id'))

    op.drop_table('reception_deputy')
    with op.batch_alter_table('opinion', schema=None) as batch_op:
        batch_op.drop_index('ix_opinion_state_due')
        batch_op.drop_index(batch_op.f('ix_opinion_registered_on'))
        batch_op.drop_index(batch_op.f('ix_opinion_reception_id'))
        batch_op.drop_index(batch_op.f('ix_opinion_lead_unit_id'))
        batch_op.drop_index(batch_op.f('ix_opinion_closed_on'))
        batch_op.drop_index(batch_op.f('ix_opinion_category_id'))

    op.drop_table('opinion')
    op.drop_table('rota')
    with op.batch_alter_table('reception', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reception_received_on'))

    op.drop_table('reception')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_deputy_id'))
        batch_op.drop_index(batch_op.f('ix_attendance_day'))

    op.drop_table('attendance')
    op.drop_table('sync_cursor')
    op.drop_table('station')
    with op.batch_alter_table('reception_day', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reception_day_day'))

    op.drop_table('reception_day')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_status'))

    op.drop_table('outbox')
    op.drop_table('handling_unit')
    with op.batch_alter_table('deputy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deputy_name_initials'))
        batch_op.drop_index(batch_op.f('ix_deputy_name'))

    op.drop_table('deputy')
    op.drop_table('clerk')
    op.drop_table('category')
    op.drop_table('calendar_year')
    op.drop_table('calendar_day')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_entity_id'))

    op.drop_table('audit_log')
    op.drop_table('app_setting')
    
