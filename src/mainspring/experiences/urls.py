from django.urls import URLPattern, path

from mainspring.experiences.views import catalogue as catalogue_views
from mainspring.experiences.views import enrolments as enrol_views
from mainspring.experiences.views import paths as paths_views

app_name = "experiences"
urlpatterns: list[URLPattern] = [
    # --- programs, paths, steps, the designer, templates, path exports
    path("", paths_views.index, name="index"),
    path("programs/new/", paths_views.program_edit, name="program-create"),
    path("programs/<int:pk>/", paths_views.program_detail, name="program-detail"),
    path("programs/<int:pk>/edit/", paths_views.program_edit, name="program-edit"),
    path("paths/", paths_views.path_list, name="path-list"),
    path("paths/new/", paths_views.path_create, name="path-create"),
    path("paths/<int:pk>/", paths_views.path_detail, name="path-detail"),
    path("paths/<int:pk>/edit/", paths_views.path_edit, name="path-edit"),
    path("paths/<int:pk>/duplicate/", paths_views.path_duplicate, name="path-duplicate"),
    path("paths/<int:pk>/delete/", paths_views.path_delete, name="path-delete"),
    path("paths/<int:pk>/plan/", paths_views.path_plan, name="path-plan"),
    path("paths/<int:pk>/plan.pdf", paths_views.path_plan_pdf, name="path-plan-pdf"),
    path("paths/<int:pk>/steps/add/", paths_views.step_add, name="step-add"),
    path("steps/<int:pk>/", paths_views.step_row, name="step-row"),
    path("steps/<int:pk>/edit/", paths_views.step_edit, name="step-edit"),
    path("steps/<int:pk>/delete/", paths_views.step_delete, name="step-delete"),
    path("steps/<int:pk>/duplicate/", paths_views.step_duplicate, name="step-duplicate"),
    path("steps/<int:pk>/move/", paths_views.step_move, name="step-move"),
    path(
        "steps/<int:pk>/prerequisites/",
        paths_views.step_prerequisites,
        name="step-prerequisites",
    ),
    # --- skills, catalogue, libraries, curation, suggestions
    path("catalog/", catalogue_views.catalog_search, name="catalog-search"),
    path("catalog/suggest/", catalogue_views.catalog_suggest, name="catalog-suggest"),
    path("catalog/curate/", catalogue_views.catalog_curate, name="catalog-curate"),
    path("catalog/<int:pk>/", catalogue_views.catalog_item, name="catalog-item"),
    path(
        "catalog/<int:pk>/active/", catalogue_views.catalog_item_active, name="catalog-item-active"
    ),
    path("libraries/", catalogue_views.library_list, name="library-list"),
    path("libraries/new/", catalogue_views.library_edit, name="library-create"),
    path("libraries/<int:pk>/edit/", catalogue_views.library_edit, name="library-edit"),
    path("skills/", catalogue_views.skill_tree, name="skill-tree"),
    path("skills/<int:pk>/", catalogue_views.skill_detail, name="skill-detail"),
    path("skills/<int:pk>/links/", catalogue_views.skill_link, name="skill-link"),
    path("catalog/import/", catalogue_views.catalog_import_new, name="catalog-import-new"),
    path("skills/import/", catalogue_views.skill_import_new, name="skill-import-new"),
    path(
        "catalog/imports/<int:pk>/",
        catalogue_views.catalog_import_detail,
        name="catalog-import-detail",
    ),
    path(
        "catalog/imports/<int:pk>/apply/",
        catalogue_views.catalog_import_apply,
        name="catalog-import-apply",
    ),
    path(
        "catalog/imports/<int:pk>/cancel/",
        catalogue_views.catalog_import_cancel,
        name="catalog-import-cancel",
    ),
    path(
        "catalog/imports/<int:pk>/errors.csv",
        catalogue_views.catalog_import_errors_csv,
        name="catalog-import-errors",
    ),
    # --- audience rules, enrolments, progress, completions, my learning, team views
    path("paths/<int:pk>/rules/", enrol_views.rule_list, name="rule-list"),
    path("paths/<int:pk>/rules/new/", enrol_views.rule_create, name="rule-create"),
    path("rules/<int:pk>/edit/", enrol_views.rule_edit, name="rule-edit"),
    path("paths/<int:pk>/enrolments/", enrol_views.enrol_list, name="enrol-list"),
    path("paths/<int:pk>/enrolments/add/", enrol_views.enrol_add, name="enrol-add"),
    path("enrolments/<int:pk>/", enrol_views.enrol_detail, name="enrol-detail"),
    path("enrolments/<int:pk>/withdraw/", enrol_views.enrol_withdraw, name="enrol-withdraw"),
    path(
        "enrolments/<int:pk>/steps/<int:step_pk>/",
        enrol_views.progress_update,
        name="progress-update",
    ),
    path("enrolments/export.<str:fmt>", enrol_views.enrol_export, name="enrol-export"),
    path("me/", enrol_views.my_learning, name="my-learning"),
    path("team/", enrol_views.team, name="team"),
    path("progress/", enrol_views.progress, name="progress"),
    path("completions/import/", enrol_views.completion_import, name="completion-import"),
    path("completions/import/apply/", enrol_views.completion_apply, name="completion-apply"),
]
