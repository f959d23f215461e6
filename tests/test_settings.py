import os
import subprocess
import sys


def test_missing_secret_key_with_debug_off_is_a_clear_startup_error():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_sqlite_connections_are_kept_open_between_requests(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="x" * 50,
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        CONN_MAX_AGE="600",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; "
            "print(settings.DATABASES['default']['CONN_MAX_AGE'])",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "600"


def database_options(**env_overrides) -> str:
    """The default database's OPTIONS as the settings make them from `env_overrides`."""
    env = dict(
        os.environ, DJANGO_SETTINGS_MODULE="config.settings", SECRET_KEY="x" * 50
    )
    env.update(env_overrides)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; "
            "print(settings.DATABASES['default'].get('OPTIONS') or {})",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_postgresql_gets_its_statements_prepared():
    url = "postgres://colloquy:secret@127.0.0.1:5432/colloquy"

    options = database_options(DATABASE_URL=url)

    assert options == "{'server_side_binding': True, 'prepare_threshold': 5}"


def test_prepared_statements_can_be_turned_off_for_a_pooler_in_transaction_mode():
    url = "postgres://colloquy:secret@127.0.0.1:5432/colloquy"

    options = database_options(DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="0")

    assert options == "{}"


def test_with_redis_sessions_are_kept_in_the_database_and_read_from_the_cache():
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="x" * 50,
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.SESSION_ENGINE)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "django.contrib.sessions.backends.cached_db"
