from django.urls import URLPattern, path

from mainspring.experiences.views import catalogue as catalogue_views

app_name = "experiences"
urlpatterns: list[URLPattern] = [
    # --- programs, paths, steps, the designer, templates, path exports
    # --- skills, catalogue, libraries, curation, suggestions
    path("catalog/", catalogue_views.catalog_search, name="catalog-search"),
    path("catalog/suggest/", catalogue_views.catalog_suggest, name="catalog-suggest"),
    path("catalog/curate/", catalogue_views.catalog_curate, name="catalog-curate"),
    path("catalog/<int:pk>/", catalogue_views.catalog_item, name="catalog-item"),
    path(
        "catalog/<int:pk>/active/", catalogue_views.catalog_item_active, name="catalog-item-active"
    ),
    path("libraries/", catalogue_views.library_list, name="library-list"),
    path("libraries/new/", catalogue_views.library_edit, name="library-create"),
    path("libraries/<int:pk>/edit/", catalogue_views.library_edit, name="library-edit"),
    path("skills/", catalogue_views.skill_tree, name="skill-tree"),
    path("skills/<int:pk>/", catalogue_views.skill_detail, name="skill-detail"),
    # --- audience rules, enrolments, progress, completions, my learning, team views
]
