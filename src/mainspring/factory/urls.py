"""The factory's addresses: budget and costs here, each other area lists its own.

``views.board`` (the learning manager's board at the factory's root), ``views.intake``
(requests, triage, the backlog and its weights), ``views.projects`` (process templates,
standards, projects, tasks, the Gantt chart), ``views.team`` (members, load, competencies,
development) and ``views.vendors`` each end with their ``urlpatterns``.
"""

from django.urls import URLPattern, path

from mainspring.factory.views import board, costs, intake, projects, team, vendors

app_name = "factory"
urlpatterns: list[URLPattern] = [
    # --- budget: plan vs actual
    path("budget/", costs.overview, name="budget-overview"),
    path("budget/<int:year>/", costs.budget, name="budget"),
    path("budget/<int:year>/months/", costs.budget_months, name="budget-months"),
    path("budget/<int:year>/line/", costs.budget_line_edit, name="budget-line-edit"),
    # --- a program's fully loaded costs
    path("programs/<int:pk>/costs/", costs.program_costs, name="program-costs"),
    # --- the cost ledger
    path("costs/", costs.entry_list, name="entry-list"),
    path("costs/new/", costs.entry_create, name="entry-create"),
    path("costs/<int:pk>/edit/", costs.entry_edit, name="entry-edit"),
    path("costs/<int:pk>/delete/", costs.entry_delete, name="entry-delete"),
    path("costs/import/", costs.import_new, name="import-new"),
    path("costs/import/<uuid:code>/", costs.import_detail, name="import-detail"),
    path("costs/import/<uuid:code>/apply/", costs.import_apply, name="import-apply"),
    # --- participants' time: loaded hourly rates by job role
    path("rates/", costs.rates, name="rates"),
    *board.urlpatterns,
    *intake.urlpatterns,
    *projects.urlpatterns,
    *team.urlpatterns,
    *vendors.urlpatterns,
]
