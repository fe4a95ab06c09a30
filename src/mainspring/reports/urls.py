from django.urls import path

from mainspring.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/", views.plans, name="plans"),
    path("<slug:kind>/", views.report_detail, name="report"),
    path("<slug:kind>/pdf/", views.report_pdf, name="report-pdf"),
    path("<slug:kind>/xlsx/", views.report_xlsx, name="report-xlsx"),
    path("<slug:kind>/note/", views.note_save, name="note-save"),
]
