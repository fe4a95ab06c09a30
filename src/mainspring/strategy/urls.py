from django.urls import path

from mainspring.strategy import views

app_name = "strategy"
urlpatterns = [
    path("", views.index, name="index"),
    path("goals/", views.goal_list, name="goal-list"),
    path("goals/new/", views.goal_edit, name="goal-create"),
    path("goals/<int:pk>/", views.goal_detail, name="goal-detail"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal-edit"),
    path("kpis/", views.kpi_list, name="kpi-list"),
    path("kpis/new/", views.kpi_edit, name="kpi-create"),
    path("kpis/<int:pk>/", views.kpi_detail, name="kpi-detail"),
    path("kpis/<int:pk>/edit/", views.kpi_edit, name="kpi-edit"),
    path("needs/", views.need_list, name="need-list"),
    path("needs/new/", views.need_edit, name="need-create"),
    path("needs/<int:pk>/", views.need_detail, name="need-detail"),
    path("needs/<int:pk>/edit/", views.need_edit, name="need-edit"),
    path("kpis/<int:pk>/observations/new/", views.observation_add, name="observation-add"),
]
