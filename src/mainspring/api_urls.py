from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from mainspring.org import api as org_api
from mainspring.strategy import api as strategy_api

app_name = "api"

router = DefaultRouter()
router.register("people", org_api.PersonViewSet, basename="person")
router.register("org-units", org_api.OrgUnitViewSet, basename="org-unit")
router.register("job-roles", org_api.JobRoleViewSet, basename="job-role")
router.register("goals", strategy_api.GoalViewSet, basename="goal")
router.register("kpis", strategy_api.KPIViewSet, basename="kpi")
router.register("needs", strategy_api.NeedViewSet, basename="need")
router.register("observations", strategy_api.ObservationBulkViewSet, basename="observation")

urlpatterns: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("me/", org_api.MeView.as_view(), name="me"),
    path("", include(router.urls)),
]
