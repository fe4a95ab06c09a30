from django.urls import URLPattern, path  # noqa: F401  (each block below adds its paths)

app_name = "records"
urlpatterns: list[URLPattern] = [
    # --- records pages, mapping unmatched actors and activities
    # --- LRS clients
]
