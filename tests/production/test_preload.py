"""The application builds what requests would build on first use as it loads,
once, in gunicorn's master process (`make serve` preloads it)."""

import json
import subprocess
import sys

from django.conf import settings

from tests.production.helpers import production_env

LOAD_THE_APPLICATION = """
import json
from config.wsgi import application
from django.db import connections
from django.template import engines

loader = engines["django"].engine.template_loaders[0]
print(json.dumps({
    "connected": [c.connection is not None for c in connections.all()],
    "templates": sorted(loader.get_template_cache),
}))
"""


def load_the_application() -> dict:
    env = production_env(
        SECRET_KEY="a-long-random-production-key-" + "x" * 40,
        ALLOWED_HOSTS="blog.example.com",
    )
    result = subprocess.run(  # noqa: S603 - our own code, in the test's Python
        [sys.executable, "-c", LOAD_THE_APPLICATION],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_loading_the_application_leaves_no_database_connection_to_share():
    assert not any(load_the_application()["connected"])


def test_loading_the_application_compiles_the_templates_a_comment_needs():
    templates = load_the_application()["templates"]
    for name in [
        "blog/post_detail.html",
        "comments/fragment.html",
        "comments/email/new_comment.txt",
        "comments/email/new_comment.html",
    ]:
        assert name in templates


def test_make_serve_preloads_the_application_before_starting_the_workers():
    result = subprocess.run(
        ["make", "--no-print-directory", "--dry-run", "serve"],  # noqa: S607
        env=production_env(SECRET_KEY="x" * 50),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    commands = result.stdout.replace("\\\n", " ").splitlines()
    gunicorn = next(command for command in commands if "gunicorn" in command)
    assert "--preload" in gunicorn
