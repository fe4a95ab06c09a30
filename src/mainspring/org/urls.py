from django.urls import path

from mainspring.org.views import organisation as views
from mainspring.org.views import partners

app_name = "org"
urlpatterns = [
    path("", views.index, name="index"),
    path("people/", views.person_list, name="person-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/export/", views.person_export, name="person-export"),
    path("people/<int:pk>/erase/", views.person_erase, name="person-erase"),
    path("me/", views.me, name="me"),
    path("team/", views.team, name="team"),
    path("units/", views.unit_tree, name="unit-tree"),
    path("units/new/", views.unit_edit, name="unit-create"),
    path("units/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("units/<int:pk>/children/", views.unit_children, name="unit-children"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit-edit"),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_edit, name="user-create"),
    path("users/<int:pk>/", views.user_edit, name="user-edit"),
    path("imports/", views.import_list, name="import-list"),
    path("imports/new/", views.import_new, name="import-new"),
    path("imports/template/<str:kind>.csv", views.import_template_csv, name="import-template"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("imports/<int:pk>/apply/", views.import_apply, name="import-apply"),
    path("imports/<int:pk>/cancel/", views.import_cancel, name="import-cancel"),
    path("imports/<int:pk>/errors.csv", views.import_errors_csv, name="import-errors"),
    path("partners/", partners.partner_list, name="partner-list"),
    path("partners/new/", partners.partner_edit, name="partner-create"),
    path("partners/<int:pk>/", partners.partner_detail, name="partner-detail"),
    path("partners/<int:pk>/edit/", partners.partner_edit, name="partner-edit"),
    path(
        "partners/engagements/<int:pk>/done/",
        partners.engagement_done,
        name="engagement-done",
    ),
]
