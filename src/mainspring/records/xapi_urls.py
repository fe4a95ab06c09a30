from django.urls import URLPattern, path, re_path

from mainspring.records.views import documents as documents_views
from mainspring.records.views import xapi

app_name = "xapi"
urlpatterns: list[URLPattern] = [
    # --- statements, about, activities, agents
    path("statements", xapi.statements, name="statements"),
    path("about", xapi.about, name="about"),
    path("activities", xapi.activities, name="activities"),
    path("agents", xapi.agents, name="agents"),
    # --- documents: state, activity profile, agent profile
    path("activities/state", documents_views.state, name="state"),
    path("activities/profile", documents_views.activity_profile, name="activity-profile"),
    path("agents/profile", documents_views.agent_profile, name="agent-profile"),
    # --- anything else: a 404 with the version and CORS headers, not the site's error page
    re_path(r"^.*$", xapi.unknown_resource),
]
