"""Test settings: the real settings, with only test-specific values changed."""

import os
import tempfile

os.environ.setdefault("MAINSPRING_HOME", tempfile.mkdtemp(prefix="mainspring-test-"))

from mainspring.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = DATA_DIR / "media"  # noqa: F405
DEBUG = False
