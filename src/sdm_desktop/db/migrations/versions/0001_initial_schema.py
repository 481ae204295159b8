"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 09:35:03.811268
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('analysis_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_round')),
    sa.UniqueConstraint('name', name=op.f('uq_analysis_round_name'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_entity_id'), ['entity_id'], unique=False)

    op.create_table('engagement_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('objective', sa.Text(), nullable=True),
    sa.Column('owner', sa.String(length=120), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('ppe_individual', sa.Boolean(), nullable=False),
    sa.Column('ppe_service', sa.Boolean(), nullable=False),
    sa.Column('ppe_community', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_engagement_plan'))
    )
    op.create_table('import_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('created_count', sa.Integer(), nullable=False),
    sa.Column('updated_count', sa.Integer(), nullable=False),
    sa.Column('rejected_count', sa.Integer(), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch'))
    )
    op.create_table('letter_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('bundled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_template')),
    sa.UniqueConstraint('name', 'version', name=op.f('uq_letter_template_name'))
    )
    with op.batch_alter_table('letter_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_template_content_hash'), ['content_hash'], unique=False)

    op.create_table('organisation_type',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_type')),
    sa.UniqueConstraint('name', name=op.f('uq_organisation_type_name'))
    )
    op.create_table('programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('learning_outcomes', sa.Text(), nullable=True),
    sa.Column('sessions_required', sa.Integer(), nullable=False),
    sa.Column('is_train_the_trainer', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme')),
    sa.UniqueConstraint('name', name=op.f('uq_programme_name'))
    )
    op.create_table('resource',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('file_name', sa.String(length=300), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('audience', sa.String(length=120), nullable=True),
    sa.Column('tags', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource'))
    )
    op.create_table('saved_selection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('filters_json', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_selection')),
    sa.UniqueConstraint('name', name=op.f('uq_saved_selection_name'))
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tag')),
    sa.UniqueConstraint('name', name=op.f('uq_tag_name'))
    )
    op.create_table('activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('method', sa.String(length=40), nullable=False),
    sa.Column('ppe_level', sa.String(length=20), nullable=True),
    sa.Column('iap2_level', sa.String(length=20), nullable=True),
    sa.Column('owner', sa.String(length=120), nullable=True),
    sa.Column('planned_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('budget_pence', sa.Integer(), nullable=False),
    sa.Column('cost_pence', sa.Integer(), nullable=False),
    sa.Column('involvement_payments_pence', sa.Integer(), nullable=False),
    sa.Column('expenses_pence', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['engagement_plan.id'], name=op.f('fk_activity_plan_id_engagement_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity'))
    )
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_planned_date'), ['planned_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_ppe_level'), ['ppe_level'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_status'), ['status'], unique=False)

    op.create_table('import_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('entity', sa.String(length=30), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('before_json', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_import_change_batch_id_import_batch'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_change'))
    )
    with op.batch_alter_table('import_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_change_batch_id'), ['batch_id'], unique=False)

    op.create_table('letter_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=True),
    sa.Column('template_name', sa.String(length=200), nullable=False),
    sa.Column('output_dir', sa.Text(), nullable=False),
    sa.Column('combined_path', sa.Text(), nullable=True),
    sa.Column('pdf_path', sa.Text(), nullable=True),
    sa.Column('recipient_count', sa.Integer(), nullable=False),
    sa.Column('excluded_count', sa.Integer(), nullable=False),
    sa.Column('filters', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['template_id'], ['letter_template.id'], name=op.f('fk_letter_run_template_id_letter_template'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_run'))
    )
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('org_type_id', sa.Integer(), nullable=False),
    sa.Column('ods_code', sa.String(length=12), nullable=True),
    sa.Column('address_line1', sa.String(length=200), nullable=True),
    sa.Column('address_line2', sa.String(length=200), nullable=True),
    sa.Column('address_line3', sa.String(length=200), nullable=True),
    sa.Column('town', sa.String(length=120), nullable=True),
    sa.Column('county', sa.String(length=120), nullable=True),
    sa.Column('postcode', sa.String(length=10), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('ppe_individual', sa.Boolean(), nullable=False),
    sa.Column('ppe_service', sa.Boolean(), nullable=False),
    sa.Column('ppe_community', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.Column('commissioner_code', sa.String(length=12), nullable=True),
    sa.Column('ods_status', sa.String(length=2), nullable=True),
    sa.Column('addressee_role', sa.String(length=80), nullable=True),
    sa.Column('import_batch_id', sa.Integer(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batch.id'], name=op.f('fk_organisation_import_batch_id_import_batch'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_type_id'], ['organisation_type.id'], name=op.f('fk_organisation_org_type_id_organisation_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation'))
    )
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_active'), ['active'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_archived_at'), ['archived_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_commissioner_code'), ['commissioner_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_ods_code'), ['ods_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_org_type_id'), ['org_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_postcode'), ['postcode'], unique=False)

    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=40), nullable=True),
    sa.Column('first_name', sa.String(length=120), nullable=True),
    sa.Column('last_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('address_line1', sa.String(length=200), nullable=True),
    sa.Column('address_line2', sa.String(length=200), nullable=True),
    sa.Column('address_line3', sa.String(length=200), nullable=True),
    sa.Column('town', sa.String(length=120), nullable=True),
    sa.Column('county', sa.String(length=120), nullable=True),
    sa.Column('postcode', sa.String(length=10), nullable=True),
    sa.Column('preferred_channel', sa.String(length=20), nullable=True),
    sa.Column('needs_large_print', sa.Boolean(), nullable=False),
    sa.Column('needs_easy_read', sa.Boolean(), nullable=False),
    sa.Column('needs_interpreter', sa.Boolean(), nullable=False),
    sa.Column('interpreter_language', sa.String(length=80), nullable=True),
    sa.Column('access_needs_other', sa.String(length=300), nullable=True),
    sa.Column('is_patient_rep', sa.Boolean(), nullable=False),
    sa.Column('participant_type', sa.String(length=40), nullable=True),
    sa.Column('profession', sa.String(length=120), nullable=True),
    sa.Column('do_not_contact', sa.Boolean(), nullable=False),
    sa.Column('consent_contact', sa.Boolean(), nullable=False),
    sa.Column('consent_contact_date', sa.Date(), nullable=True),
    sa.Column('consent_contact_how', sa.String(length=120), nullable=True),
    sa.Column('consent_data', sa.Boolean(), nullable=False),
    sa.Column('consent_data_date', sa.Date(), nullable=True),
    sa.Column('consent_data_how', sa.String(length=120), nullable=True),
    sa.Column('lawful_basis', sa.String(length=40), nullable=True),
    sa.Column('special_category_consent', sa.Boolean(), nullable=False),
    sa.Column('retention_review_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.Column('import_batch_id', sa.Integer(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batch.id'], name=op.f('fk_person_import_batch_id_import_batch'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_active'), ['active'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_archived_at'), ['archived_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_do_not_contact'), ['do_not_contact'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_last_name'), ['last_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_postcode'), ['postcode'], unique=False)

    op.create_table('activity_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(organisation_id IS NULL) <> (person_id IS NULL)', name=op.f('ck_activity_target_one_target')),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_target_activity_id_activity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_activity_target_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_activity_target_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_target'))
    )
    with op.batch_alter_table('activity_target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_target_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_target_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_target_person_id'), ['person_id'], unique=False)

    op.create_table('assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('round_id', sa.Integer(), nullable=True),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('influence', sa.Integer(), nullable=False),
    sa.Column('interest', sa.Integer(), nullable=False),
    sa.Column('attitude', sa.String(length=20), nullable=True),
    sa.Column('involvement_current', sa.String(length=20), nullable=True),
    sa.Column('involvement_target', sa.String(length=20), nullable=True),
    sa.Column('commitment_current', sa.String(length=20), nullable=True),
    sa.Column('commitment_target', sa.String(length=20), nullable=True),
    sa.Column('rationale', sa.Text(), nullable=True),
    sa.Column('assessed_by', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(organisation_id IS NULL) <> (person_id IS NULL)', name=op.f('ck_assessment_one_subject')),
    sa.CheckConstraint('influence BETWEEN 1 AND 5', name=op.f('ck_assessment_influence_range')),
    sa.CheckConstraint('interest BETWEEN 1 AND 5', name=op.f('ck_assessment_interest_range')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_assessment_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_assessment_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['analysis_round.id'], name=op.f('fk_assessment_round_id_analysis_round'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment'))
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_assessed_on'), ['assessed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_round_id'), ['round_id'], unique=False)

    op.create_table('cohort',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('venue', sa.String(length=300), nullable=True),
    sa.Column('online', sa.Boolean(), nullable=False),
    sa.Column('facilitators', sa.String(length=300), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('trainer_person_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_cohort_programme_id_programme'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trainer_person_id'], ['person.id'], name=op.f('fk_cohort_trainer_person_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort'))
    )
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cohort_trainer_person_id'), ['trainer_person_id'], unique=False)

    op.create_table('interaction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=30), nullable=True),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('action', sa.Text(), nullable=True),
    sa.Column('action_owner', sa.String(length=120), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('is_feedback', sa.Boolean(), nullable=False),
    sa.Column('change_made', sa.Text(), nullable=True),
    sa.Column('response_interaction_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_interaction_activity_id_activity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_interaction_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_interaction_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_interaction_id'], ['interaction.id'], name=op.f('fk_interaction_response_interaction_id_interaction'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interaction'))
    )
    with op.batch_alter_table('interaction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interaction_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interaction_done'), ['done'], unique=False)
        batch_op.create_index(batch_op.f('ix_interaction_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_interaction_occurred_on'), ['occurred_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_interaction_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interaction_person_id'), ['person_id'], unique=False)

    op.create_table('letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('template_name', sa.String(length=200), nullable=False),
    sa.Column('template_version', sa.Integer(), nullable=False),
    sa.Column('file_path', sa.Text(), nullable=True),
    sa.Column('purpose', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_letter_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_letter_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['letter_run.id'], name=op.f('fk_letter_run_id_letter_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter'))
    )
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letter_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letter_run_id'), ['run_id'], unique=False)

    op.create_table('membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_membership_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_membership_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership')),
    sa.UniqueConstraint('person_id', 'organisation_id', 'role', name=op.f('uq_membership_person_id'))
    )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_person_id'), ['person_id'], unique=False)

    op.create_table('organisation_tag',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_organisation_tag_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], name=op.f('fk_organisation_tag_tag_id_tag'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organisation_id', 'tag_id', name=op.f('pk_organisation_tag'))
    )
    op.create_table('person_tag',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_tag_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], name=op.f('fk_person_tag_tag_id_tag'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'tag_id', name=op.f('pk_person_tag'))
    )
    op.create_table('share_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('shared_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=30), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_share_log_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_share_log_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], name=op.f('fk_share_log_resource_id_resource'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share_log'))
    )
    with op.batch_alter_table('share_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_log_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_share_log_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_share_log_resource_id'), ['resource_id'], unique=False)

    op.create_table('cohort_evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_cohort_evaluation_cohort_id_cohort'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_evaluation'))
    )
    with op.batch_alter_table('cohort_evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_evaluation_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('enrolment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('waiting_position', sa.Integer(), nullable=True),
    sa.Column('trained_by_person_id', sa.Integer(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('completion_override', sa.Boolean(), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('certificate_issued_on', sa.Date(), nullable=True),
    sa.Column('reaction_score', sa.Integer(), nullable=True),
    sa.Column('confidence_before', sa.Integer(), nullable=True),
    sa.Column('confidence_after', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_enrolment_cohort_id_cohort'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_enrolment_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trained_by_person_id'], ['person.id'], name=op.f('fk_enrolment_trained_by_person_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolment')),
    sa.UniqueConstraint('cohort_id', 'person_id', name=op.f('uq_enrolment_cohort_id'))
    )
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrolment_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolment_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolment_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolment_trained_by_person_id'), ['trained_by_person_id'], unique=False)

    op.create_table('training_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_training_session_cohort_id_cohort'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_session'))
    )
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_session_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('attendance',
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('attended', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolment.id'], name=op.f('fk_attendance_enrolment_id_enrolment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], name=op.f('fk_attendance_session_id_training_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('enrolment_id', 'session_id', name=op.f('pk_attendance'))
    )
    _seed_organisation_types()


ORGANISATION_TYPES = [
    "Patient Participation Group (PPG)",
    "Carers' group",
    "Patient & public group",
    "Condition-specific support group",
    "Healthwatch",
    "VCSE organisation",
    "GP practice",
    "NHS trust",
    "ICB / commissioner",
    "Local authority / Health and Wellbeing Board",
    "Clinician group / network",
    "Other",
]


def _seed_organisation_types() -> None:
    table = sa.table("organisation_type", sa.column("name", sa.String), sa.column("sort_order", sa.Integer))
    op.bulk_insert(table, [{"name": n, "sort_order": i} for i, n in enumerate(ORGANISATION_TYPES)])


def downgrade() -> None:
    op.drop_table('attendance')
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_session_cohort_id'))

    op.drop_table('training_session')
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrolment_trained_by_person_id'))
        batch_op.drop_index(batch_op.f('ix_enrolment_status'))
        batch_op.drop_index(batch_op.f('ix_enrolment_person_id'))
        batch_op.drop_index(batch_op.f('ix_enrolment_cohort_id'))

    op.drop_table('enrolment')
    with op.batch_alter_table('cohort_evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_evaluation_cohort_id'))

    op.drop_table('cohort_evaluation')
    with op.batch_alter_table('share_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_log_resource_id'))
        batch_op.drop_index(batch_op.f('ix_share_log_person_id'))
        batch_op.drop_index(batch_op.f('ix_share_log_organisation_id'))

    op.drop_table('share_log')
    op.drop_table('person_tag')
    op.drop_table('organisation_tag')
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_person_id'))
        batch_op.drop_index(batch_op.f('ix_membership_organisation_id'))

    op.drop_table('membership')
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_run_id'))
        batch_op.drop_index(batch_op.f('ix_letter_person_id'))
        batch_op.drop_index(batch_op.f('ix_letter_organisation_id'))

    op.drop_table('letter')
    with op.batch_alter_table('interaction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interaction_person_id'))
        batch_op.drop_index(batch_op.f('ix_interaction_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_interaction_occurred_on'))
        batch_op.drop_index(batch_op.f('ix_interaction_due_on'))
        batch_op.drop_index(batch_op.f('ix_interaction_done'))
        batch_op.drop_index(batch_op.f('ix_interaction_activity_id'))

    op.drop_table('interaction')
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_trainer_person_id'))
        batch_op.drop_index(batch_op.f('ix_cohort_programme_id'))

    op.drop_table('cohort')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_round_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_person_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_assessed_on'))

    op.drop_table('assessment')
    with op.batch_alter_table('activity_target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_target_person_id'))
        batch_op.drop_index(batch_op.f('ix_activity_target_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_activity_target_activity_id'))

    op.drop_table('activity_target')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_postcode'))
        batch_op.drop_index(batch_op.f('ix_person_last_name'))
        batch_op.drop_index(batch_op.f('ix_person_email'))
        batch_op.drop_index(batch_op.f('ix_person_do_not_contact'))
        batch_op.drop_index(batch_op.f('ix_person_archived_at'))
        batch_op.drop_index(batch_op.f('ix_person_active'))

    op.drop_table('person')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_postcode'))
        batch_op.drop_index(batch_op.f('ix_organisation_org_type_id'))
        batch_op.drop_index(batch_op.f('ix_organisation_ods_code'))
        batch_op.drop_index(batch_op.f('ix_organisation_name'))
        batch_op.drop_index(batch_op.f('ix_organisation_email'))
        batch_op.drop_index(batch_op.f('ix_organisation_commissioner_code'))
        batch_op.drop_index(batch_op.f('ix_organisation_archived_at'))
        batch_op.drop_index(batch_op.f('ix_organisation_active'))

    op.drop_table('organisation')
    op.drop_table('letter_run')
    with op.batch_alter_table('import_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_change_batch_id'))

    op.drop_table('import_change')
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_status'))
        batch_op.drop_index(batch_op.f('ix_activity_ppe_level'))
        batch_op.drop_index(batch_op.f('ix_activity_planned_date'))
        batch_op.drop_index(batch_op.f('ix_activity_plan_id'))

    op.drop_table('activity')
    op.drop_table('tag')
    op.drop_table('setting')
    op.drop_table('saved_selection')
    op.drop_table('resource')
    op.drop_table('programme')
    op.drop_table('organisation_type')
    with op.batch_alter_table('letter_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_template_content_hash'))

    op.drop_table('letter_template')
    op.drop_table('import_batch')
    op.drop_table('engagement_plan')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_entity_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))

    op.drop_table('audit_event')
    op.drop_table('analysis_round')
