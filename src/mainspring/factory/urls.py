from django.urls import URLPattern, path

from mainspring.factory import views

app_name = "factory"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    # --- budget: plan vs actual
    path("budget/<int:year>/", views.budget, name="budget"),
    path("budget/<int:year>/months/", views.budget_months, name="budget-months"),
    path("budget/<int:year>/line/", views.budget_line_edit, name="budget-line-edit"),
    # --- a program's fully loaded costs
    path("programs/<int:pk>/costs/", views.program_costs, name="program-costs"),
    # --- the cost ledger
    path("costs/", views.entry_list, name="entry-list"),
    path("costs/new/", views.entry_create, name="entry-create"),
    path("costs/<int:pk>/edit/", views.entry_edit, name="entry-edit"),
    path("costs/<int:pk>/delete/", views.entry_delete, name="entry-delete"),
    path("costs/import/", views.import_new, name="import-new"),
    path("costs/import/<uuid:code>/", views.import_detail, name="import-detail"),
    path("costs/import/<uuid:code>/apply/", views.import_apply, name="import-apply"),
    # --- participants' time: loaded hourly rates by job role
    path("rates/", views.rates, name="rates"),
]
