import pytest
from django.db import connection


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run in the PostgreSQL pass of .ci/run only."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL: runs in the second pass of .ci/run "
        "(DATABASE_URL=postgres://...)"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Serve static files without a collectstatic manifest during tests."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads from a test land in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture
def task_queue(settings):
    """Tasks are queued in the database, as in production, instead of run at once;
    `tests.tasks.run_queued_tasks()` runs them with the real worker."""
    from tests.tasks import DATABASE_QUEUE

    settings.TASKS = DATABASE_QUEUE
