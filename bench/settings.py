"""Benchmark settings: the production settings, plus what `bench/run.py` needs.

- ROOT_URLCONF adds the framework floor (`/bench/floor/`), never in the public site.
- Email is built and serialized, never sent nor printed (bench/mail.py).
- BENCH_COLD=1 replaces the Django cache with DummyCache: nothing is ever cached, so
  every request is a cold one (the comments' stored HTML blocks are data and stay).
"""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
EMAIL_BACKEND = "bench.mail.SerializingEmailBackend"

if os.environ.get("BENCH_COLD") == "1":
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    CACHES = {"default": dummy, "pages": dummy}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
