from django.urls import URLPattern, path

from mainspring.impact.views import dashboards, roi, studies

app_name = "impact"
urlpatterns: list[URLPattern] = [
    path("", dashboards.index, name="index"),
    path("goals/<int:pk>/", dashboards.goal_detail, name="goal-detail"),
    path("programs/<int:pk>/", dashboards.program_chain, name="program-chain"),
    path("studies/", studies.study_list, name="study-list"),
    path("studies/new/", studies.study_new, name="study-new"),
    path("studies/<int:pk>/", studies.study_detail, name="study-detail"),
    path("studies/<int:pk>/pdf/", studies.study_pdf, name="study-pdf"),
    path("roi/", roi.roi_list, name="roi-list"),
    path("roi/<int:pk>/", roi.roi_detail, name="roi-detail"),
    path("programs/<int:program_pk>/roi/new/", roi.roi_new, name="roi-new"),
]
