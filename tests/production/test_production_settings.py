"""The production parts: deployment checks and `make serve`'s refusal without a key."""

import subprocess
import sys

from django.conf import settings

from tests.production.helpers import production_env


def test_production_settings_pass_the_deployment_checks():
    env = production_env(
        SECRET_KEY="a-long-random-production-key-" + "x" * 40,
        ALLOWED_HOSTS="blog.example.com",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_make_serve_without_a_secret_key_says_what_to_set():
    result = subprocess.run(
        ["make", "--no-print-directory", "serve"],  # noqa: S607 (make from PATH)
        env=production_env(),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode != 0
    assert "make serve needs SECRET_KEY" in result.stderr
