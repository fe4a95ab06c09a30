from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("mainspring.web.urls")),
    path("org/", include("mainspring.org.urls")),
    path("strategy/", include("mainspring.strategy.urls")),
    path("learning/", include("mainspring.experiences.urls")),
    path("records/", include("mainspring.records.urls")),
    path("xapi/", include("mainspring.records.xapi_urls")),
    path("cmi5/", include("mainspring.cmi5.urls")),
    path("evaluation/", include("mainspring.evaluation.urls")),
    path("factory/", include("mainspring.factory.urls")),
    path("impact/", include("mainspring.impact.urls")),
    path("reports/", include("mainspring.reports.urls")),
    path("api/", include("mainspring.api_urls")),
    path("admin/", admin.site.urls),
]
if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
