"""Initial store: extracts register, the data-quality report of each load, one table per Annex A list,
user-loaded population and manual indicator values.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "extracts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("la_code", sa.Text(), nullable=False),
        sa.Column("as_at", sa.Date(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_start_source", sa.Text(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.Column("superseded_by", sa.Integer(), sa.ForeignKey("extracts.id"), nullable=True),
    )
    op.create_index("ix_extracts_la_as_at", "extracts", ["la_code", "as_at"])
    op.create_index("ix_extracts_sha256", "extracts", ["la_code", "sha256"])
    op.create_table(
        "extract_lists",
        sa.Column("extract_id", sa.Integer(), sa.ForeignKey("extracts.id"), nullable=False),
        sa.Column("list_name", sa.Text(), nullable=False),
        sa.Column("sheet", sa.Text(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("extract_id", "list_name"),
    )
    op.create_table(
        "load_issues",
        sa.Column("extract_id", sa.Integer(), sa.ForeignKey("extracts.id"), nullable=False),
        sa.Column("severity", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("sheet", sa.Text()),
        sa.Column("row", sa.Integer()),
        sa.Column("column", sa.Text()),
        sa.Column("value", sa.Text()),
        sa.Column("expected", sa.Text()),
    )
    op.create_index("ix_load_issues_extract", "load_issues", ["extract_id"])
    op.create_table(
        "population",
        sa.Column("old_la_code", sa.Text(), nullable=False),
        sa.Column("new_la_code", sa.Text()),
        sa.Column("la_name", sa.Text()),
        sa.Column("time_period", sa.Integer(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("old_la_code", "time_period"),
    )
    op.create_table(
        "manual_values",
        sa.Column("la_code", sa.Text(), nullable=False),
        sa.Column("indicator_id", sa.Text(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("label", sa.Text()),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("la_code", "indicator_id", "period_end"),
    )
    op.create_table(
        "list_contacts",
        sa.Column("extract_id", sa.Integer(), sa.ForeignKey("extracts.id"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Text()),
        sa.Column("gender", sa.Text()),
        sa.Column("ethnicity", sa.Text()),
        sa.Column("date_of_birth", sa.Date()),
        sa.Column("age", sa.Float()),
        sa.Column("contact_date", sa.Date()),
        sa.Column("contact_source", sa.Text()),
    )
    op.create_index("ix_list_contacts_extract", "list_contacts", ["extract_id"])
    op.create_table(
        "list_early_help",
        sa.Column("extract_id", sa.Integer(), sa.ForeignKey("extracts.id"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Text()),
        sa.Column("gender", sa.Text()),
        sa.Column("ethnicity", sa.Text()),
        sa.Column("date_of_birth", sa.Date()),
        sa.Column("age", sa.Float()),
        sa.Column("eh_assessment_start_date", sa.Date()),
        sa.Column("eh_assessment_completion_date", sa.Date()),
        sa.Column("eh_organisation", sa.Text()),
    )
    op.create_index("ix_list_early_help_extract", "list_early_help", ["extract_id"])
    op.create_table(
        "list_referrals",
        sa.Column("extract_id", sa.Integer(), sa.ForeignKey("extracts.id"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Text()),
        sa.Column("gender", sa.Text()),
        sa.Column("ethnicity", sa.Text()),
        sa.Column("date_of_birth", sa.Date()),
        sa.Column("age", sa.Float()),
        sa.Column("referral_date", sa.Date()),
        sa.Column("referral_source", sa.Text()),
        sa.Column("referral_nfa", sa.Text()),
        sa.Column("referrals_last_12m", sa.Integer()),
        sa.Column("allocated_team", sa.Text()),
        sa.Column("allocated_worker", sa.Text()),
    )
    op.create_index("ix_list_referrals_extract", "list_referrals", ["extract_id"])
    op.create_table(
        "list_assessments",
        sa.Column("extract_id", sa.Integer(), sa.ForeignKey("extracts.id"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Text()),
        sa.Column("gender", sa.Text()),
        sa.Column("ethnicity", sa.Text()),
        sa.Column("date_of_birth", sa.Date()),
        sa.Column("age", sa.Float()),
        sa.Column("disability", sa.Text()),
        sa.Column("assessment_start_date", sa.Date()),
        sa.Column("child_seen", sa.Text()),
        sa.Column("assessment_authorised_date", sa.Date()),
        sa.Column("requires_support", sa.Text()),
        sa.Column("allocated_team", sa.Text()),
        sa.Column("allocated_worker", sa.Text()),
    )
    op.create_index("ix_list_assessments_extract", "list_assessments", ["extract_id"])
    op.create_table(
        "list_s47_icpc",
        sa.Column("extract_id", sa.Integer(), sa.ForeignKey("extracts.id"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Text()),
        sa.Column("gender", sa.Text()),
        sa.Column("ethnicity", sa.Text()),
        sa.Column("date_of_birth", sa.Date()),
        sa.Column("age", sa.Float()),
        sa.Column("disability", sa.Text()),
        sa.Column("s47_start_date", sa.Date()),
        sa.Column("icpc_unnecessary", sa.Text()),
        sa.Column("icpc_date", sa.Date()),
        sa.Column("icpc_resulted_in_plan", sa.Text()),
        sa.Column("s47_last_12m", sa.Integer()),
        sa.Column("icpcs_last_12m", sa.Integer()),
        sa.Column("allocated_team", sa.Text()),
        sa.Column("allocated_worker", sa.Text()),
    )
    op.create_index("ix_list_s47_icpc_extract", "list_s47_icpc", ["extract_id"])
    op.create_table(
        "list_children_in_need",
        sa.Column("extract_id", sa.Integer(), sa.ForeignKey("extracts.id"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Text()),
        sa.Column("gender", sa.Text()),
        sa.Column("ethnicity", sa.Text()),
        sa.Column("date_of_birth", sa.Date()),
        sa.Column("age", sa.Float()),
        sa.Column("disability", sa.Text()),
        sa.Column("cin_start_date", sa.Date()),
        sa.Column("primary_need", sa.Text()),
        sa.Column("last_seen_date", sa.Date()),
        sa.Column("cin_closure_date", sa.Date()),
        sa.Column("closure_reason", sa.Text()),
        sa.Column("case_status", sa.Text()),
        sa.Column("allocated_team", sa.Text()),
        sa.Column("allocated_worker", sa.Text()),
    )
    op.create_index("ix_list_children_in_need_extract", "list_children_in_need", ["extract_id"])
    op.create_table(
        "list_child_protection",
        sa.Column("extract_id", sa.Integer(), sa.ForeignKey("extracts.id"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Text()),
        sa.Column("gender", sa.Text()),
        sa.Column("ethnicity", sa.Text()),
        sa.Column("date_of_birth", sa.Date()),
        sa.Column("age", sa.Float()),
        sa.Column("disability", sa.Text()),
        sa.Column("cpp_start_date", sa.Date()),
        sa.Column("initial_abuse_category", sa.Text()),
        sa.Column("latest_abuse_category", sa.Text()),
        sa.Column("last_statutory_visit_date", sa.Date()),
        sa.Column("seen_alone", sa.Text()),
        sa.Column("latest_review_date", sa.Date()),
        sa.Column("cpp_end_date", sa.Date()),
        sa.Column("epo_last_6m", sa.Text()),
        sa.Column("previous_cpps", sa.Integer()),
        sa.Column("allocated_team", sa.Text()),
        sa.Column("allocated_worker", sa.Text()),
    )
    op.create_index("ix_list_child_protection_extract", "list_child_protection", ["extract_id"])
    op.create_table(
        "list_children_in_care",
        sa.Column("extract_id", sa.Integer(), sa.ForeignKey("extracts.id"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Text()),
        sa.Column("gender", sa.Text()),
        sa.Column("ethnicity", sa.Text()),
        sa.Column("date_of_birth", sa.Date()),
        sa.Column("age", sa.Float()),
        sa.Column("uasc", sa.Text()),
        sa.Column("disability", sa.Text()),
        sa.Column("cla_start_date", sa.Date()),
        sa.Column("category_of_need", sa.Text()),
        sa.Column("subsequent_period", sa.Text()),
        sa.Column("legal_status_start_date", sa.Date()),
        sa.Column("legal_status", sa.Text()),
        sa.Column("latest_review_date", sa.Date()),
        sa.Column("last_sw_visit_date", sa.Date()),
        sa.Column("permanence_plan", sa.Text()),
        sa.Column("last_iro_contact_date", sa.Date()),
        sa.Column("last_health_assessment_date", sa.Date()),
        sa.Column("last_dental_check_date", sa.Date()),
        sa.Column("placements_last_12m", sa.Integer()),
        sa.Column("cla_ceased_date", sa.Date()),
        sa.Column("reason_ceased", sa.Text()),
        sa.Column("placement_start_date", sa.Date()),
        sa.Column("placement_type", sa.Text()),
        sa.Column("placement_provider", sa.Text()),
        sa.Column("placement_postcode", sa.Text()),
        sa.Column("placement_urn", sa.Text()),
        sa.Column("placement_location", sa.Text()),
        sa.Column("placement_la", sa.Text()),
        sa.Column("missing_episodes_12m", sa.Integer()),
        sa.Column("absent_episodes_12m", sa.Integer()),
        sa.Column("return_interview_offered", sa.Text()),
        sa.Column("return_interview_accepted", sa.Text()),
        sa.Column("allocated_team", sa.Text()),
        sa.Column("allocated_worker", sa.Text()),
    )
    op.create_index("ix_list_children_in_care_extract", "list_children_in_care", ["extract_id"])
    op.create_table(
        "list_care_leavers",
        sa.Column("extract_id", sa.Integer(), sa.ForeignKey("extracts.id"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Text()),
        sa.Column("gender", sa.Text()),
        sa.Column("ethnicity", sa.Text()),
        sa.Column("date_of_birth", sa.Date()),
        sa.Column("age", sa.Float()),
        sa.Column("uasc", sa.Text()),
        sa.Column("disability", sa.Text()),
        sa.Column("allocated_team", sa.Text()),
        sa.Column("allocated_worker", sa.Text()),
        sa.Column("personal_advisor", sa.Text()),
        sa.Column("eligibility", sa.Text()),
        sa.Column("pathway_review_date", sa.Date()),
        sa.Column("in_touch", sa.Text()),
        sa.Column("latest_contact_date", sa.Date()),
        sa.Column("accommodation_type", sa.Text()),
        sa.Column("accommodation_suitability", sa.Text()),
        sa.Column("activity_status", sa.Text()),
    )
    op.create_index("ix_list_care_leavers_extract", "list_care_leavers", ["extract_id"])
    op.create_table(
        "list_adoption",
        sa.Column("extract_id", sa.Integer(), sa.ForeignKey("extracts.id"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Text()),
        sa.Column("family_id", sa.Text()),
        sa.Column("gender", sa.Text()),
        sa.Column("ethnicity", sa.Text()),
        sa.Column("date_of_birth", sa.Date()),
        sa.Column("age", sa.Float()),
        sa.Column("disability", sa.Text()),
        sa.Column("entered_care_date", sa.Date()),
        sa.Column("adoption_decision_date", sa.Date()),
        sa.Column("placement_order_date", sa.Date()),
        sa.Column("matching_date", sa.Date()),
        sa.Column("placed_for_adoption_date", sa.Date()),
        sa.Column("adoption_order_date", sa.Date()),
        sa.Column("adoption_reversal_date", sa.Date()),
        sa.Column("adoption_reversal_reason", sa.Text()),
        sa.Column("ffa_placement_date", sa.Date()),
    )
    op.create_index("ix_list_adoption_extract", "list_adoption", ["extract_id"])
    op.create_table(
        "list_adopters",
        sa.Column("extract_id", sa.Integer(), sa.ForeignKey("extracts.id"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("adopter_id", sa.Text()),
        sa.Column("family_id", sa.Text()),
        sa.Column("gender", sa.Text()),
        sa.Column("ethnicity", sa.Text()),
        sa.Column("disability", sa.Text()),
        sa.Column("fostering_for_adoption", sa.Text()),
        sa.Column("enquiry_date", sa.Date()),
        sa.Column("stage1_start_date", sa.Date()),
        sa.Column("stage1_end_date", sa.Date()),
        sa.Column("stage2_start_date", sa.Date()),
        sa.Column("stage2_end_date", sa.Date()),
        sa.Column("application_submitted_date", sa.Date()),
        sa.Column("application_approved_date", sa.Date()),
        sa.Column("matched_date", sa.Date()),
        sa.Column("placed_date", sa.Date()),
        sa.Column("children_placed", sa.Integer()),
        sa.Column("adoption_order_date", sa.Date()),
        sa.Column("left_process_date", sa.Date()),
        sa.Column("left_process_reason", sa.Text()),
    )
    op.create_index("ix_list_adopters_extract", "list_adopters", ["extract_id"])


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated downwards; restore a backup instead")
