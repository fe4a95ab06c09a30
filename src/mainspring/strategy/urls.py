from django.urls import path

from mainspring.strategy.views import business, checks, exports

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
    # --- exports
    # --- checks, readiness and the first 60 days
    # --- KPI observation import wizard
]
