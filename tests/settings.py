"""Test settings: the real settings, with only test-specific values changed."""

import atexit
import os
import shutil
import tempfile

if "MAINSPRING_HOME" not in os.environ:
    _home = tempfile.mkdtemp(prefix="mainspring-test-")
    os.environ["MAINSPRING_HOME"] = _home
    atexit.register(shutil.rmtree, _home, ignore_errors=True)

from mainspring.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = DATA_DIR / "media"  # noqa: F405
DEBUG = False
