from django.urls import path

from mainspring.strategy.views import business, checks, document, exports, first_days, plan
from mainspring.strategy.views import imports as import_views

app_name = "strategy"
urlpatterns = [
    path("", business.index, name="index"),
    path("goals/", business.goal_list, name="goal-list"),
    path("goals/new/", business.goal_edit, name="goal-create"),
    path("goals/<int:pk>/", business.goal_detail, name="goal-detail"),
    path("goals/<int:pk>/edit/", business.goal_edit, name="goal-edit"),
    path("kpis/", business.kpi_list, name="kpi-list"),
    path("kpis/new/", business.kpi_edit, name="kpi-create"),
    path("kpis/<int:pk>/", business.kpi_detail, name="kpi-detail"),
    path("kpis/<int:pk>/edit/", business.kpi_edit, name="kpi-edit"),
    path("needs/", business.need_list, name="need-list"),
    path("needs/new/", business.need_edit, name="need-create"),
    path("needs/<int:pk>/", business.need_detail, name="need-detail"),
    path("needs/<int:pk>/edit/", business.need_edit, name="need-edit"),
    path("kpis/<int:pk>/observations/new/", business.observation_add, name="observation-add"),
    # --- the strategy document (versions, sections, diff, initiatives, delivery)
    path("document/", document.document_home, name="document"),
    path("document/start/", document.version_start, name="version-start"),
    path("document/versions/", document.version_list, name="version-list"),
    path("document/changes/", document.version_diff, name="version-diff"),
    path("document/v<int:number>/", document.version_detail, name="version-detail"),
    path("document/v<int:number>/edit/", document.version_edit, name="version-edit"),
    path(
        "document/v<int:number>/sections/<slug:key>/edit/",
        document.section_edit,
        name="section-edit",
    ),
    path("document/v<int:number>/approve/", document.version_approve, name="version-approve"),
    path("document/v<int:number>/discard/", document.version_discard, name="version-discard"),
    path("initiatives/", plan.initiative_list, name="initiative-list"),
    path("initiatives/new/", plan.initiative_edit, name="initiative-create"),
    path("initiatives/<int:pk>/", plan.initiative_detail, name="initiative-detail"),
    path("initiatives/<int:pk>/edit/", plan.initiative_edit, name="initiative-edit"),
    path("initiatives/<int:pk>/delete/", plan.initiative_delete, name="initiative-delete"),
    path(
        "initiatives/<int:initiative_pk>/milestones/new/",
        plan.milestone_edit,
        name="milestone-add",
    ),
    path("milestones/<int:pk>/edit/", plan.milestone_edit, name="milestone-edit"),
    path("milestones/<int:pk>/delete/", plan.milestone_delete, name="milestone-delete"),
    path("delivery/", plan.guideline_list, name="guideline-list"),
    path("delivery/<int:pk>/delete/", plan.guideline_delete, name="guideline-delete"),
    # --- exports
    path("document/v<int:number>/exports/", exports.export_start, name="export-start"),
    path("exports/<int:pk>/", exports.export_detail, name="export-detail"),
    path("exports/<int:pk>/download/", exports.export_download, name="export-download"),
    # --- checks, readiness and the first 60 days
    path("checks/", checks.checks_page, name="checks"),
    path("first-60-days/", first_days.first_days_page, name="first-days"),
    path("first-60-days/start/", first_days.first_days_start, name="first-days-start"),
    path("first-60-days/tick/", first_days.first_days_tick, name="first-days-tick"),
    # --- KPI observation import wizard
    path("kpis/import/", import_views.import_new, name="import-new"),
    path("kpis/import/template.csv", import_views.import_template_csv, name="import-template"),
    path("kpis/import/<int:pk>/", import_views.import_detail, name="import-detail"),
    path("kpis/import/<int:pk>/apply/", import_views.import_apply, name="import-apply"),
    path("kpis/import/<int:pk>/cancel/", import_views.import_cancel, name="import-cancel"),
    path("kpis/import/<int:pk>/errors.csv", import_views.import_errors_csv, name="import-errors"),
]
