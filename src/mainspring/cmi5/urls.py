from django.urls import URLPattern, path

from mainspring.cmi5 import views

app_name = "cmi5"
urlpatterns: list[URLPattern] = [
    # --- L&D: course structures and their units
    path("courses/", views.course_list, name="course-list"),
    path("courses/import/", views.course_import, name="course-import"),
    path("courses/<int:pk>/", views.course_detail, name="course-detail"),
    path("units/<int:pk>/attach/", views.unit_attach, name="unit-attach"),
    # --- learners and their units: launch, the fetch URL, packaged content
    path("units/<int:pk>/launch/", views.launch, name="launch"),
    path("fetch/<str:token>/", views.fetch, name="fetch"),
    path("content/<uuid:code>/<path:path>", views.content, name="content"),
]
