"""The factory's pages, one module per area; each area module lists its ``urlpatterns``."""
