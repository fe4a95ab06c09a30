from django.urls import URLPattern, path  # noqa: F401  (each block below adds its paths)

from mainspring.records.views import xapi

app_name = "xapi"
urlpatterns: list[URLPattern] = [
    # --- statements, about, activities, agents
    path("statements", xapi.statements, name="statements"),
    path("about", xapi.about, name="about"),
    path("activities", xapi.activities, name="activities"),
    path("agents", xapi.agents, name="agents"),
    # --- documents: state, activity profile, agent profile
]
