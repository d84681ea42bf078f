"""Settings for the test suite: the real ones, with fast password hashing."""

import os

os.environ.setdefault(
    "SECRET_KEY", "tests-only-secret-key-that-is-long-enough-for-checks-0123456789"
)

from newsdesk.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
