from django.contrib.auth import views as auth_views
from django.urls import path

from mainspring.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/token/", views.account_token, name="account-token"),
    path("audit/", views.audit_log, name="audit-log"),
    path("s/<slug:slug>/", views.section, name="section"),
    path("healthz", views.healthz, name="healthz"),
]
