"""Helpers for the production tests: the environment a real deployment has."""

import os


def production_env(**extra) -> dict:
    # Without the relaxations the test run sets (tests/testenv.py, the e2e tests).
    unset = {"DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(extra)
    return env
