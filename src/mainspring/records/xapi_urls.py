from django.urls import URLPattern, path  # noqa: F401  (each block below adds its paths)

app_name = "xapi"
urlpatterns: list[URLPattern] = [
    # --- statements, about, activities, agents
    # --- documents: state, activity profile, agent profile
]
