from django.urls import URLPattern, path  # noqa: F401  (each block below adds its paths)

app_name = "experiences"
urlpatterns: list[URLPattern] = [
    # --- programs, paths, steps, the designer, templates, path exports
    # --- skills, catalogue, libraries, curation, suggestions
    # --- audience rules, enrolments, progress, completions, my learning, team views
]
