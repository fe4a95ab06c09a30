from django.urls import URLPattern, path

from mainspring.records.views import clients, ui

app_name = "records"
urlpatterns: list[URLPattern] = [
    # --- records pages, mapping unmatched actors and activities
    path("", ui.statement_list, name="statement-list"),
    path("me/", ui.my_records, name="my-records"),
    path("people/<int:pk>/", ui.person_timeline, name="person-timeline"),
    path("unmatched/", ui.unmatched, name="unmatched"),
    path("actors/<int:pk>/map/", ui.actor_map, name="actor-map"),
    path("activities/<int:pk>/map/", ui.activity_map, name="activity-map"),
    path("activities/", ui.activity_list, name="activity-list"),
    path("activities/<int:pk>/", ui.activity_detail, name="activity-detail"),
    # --- LRS clients
    path("connections/", clients.client_list, name="client-list"),
    path("connections/<int:pk>/", clients.client_detail, name="client-detail"),
    path("connections/<int:pk>/new-secret/", clients.client_rotate, name="client-rotate"),
]
