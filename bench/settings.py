"""The project's settings as the benchmark serves them: production-like, plain HTTP, two extra views."""

import os

# As a deployment would run: no debug, persistent database connections; plain HTTP on loopback.
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("SAFECAMPUS_HTTPS", "false")
os.environ.setdefault("SAFECAMPUS_REQUIRE_ADMIN_2FA", "false")
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")

from safecampus.settings import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
