import os
import socket
import subprocess
import sys
import time
import urllib.request


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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_in_development_absolute_links_follow_the_port_runserver_serves(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "DATABASE_URL"}}
    env.update(DEBUG="1", SQLITE_PATH=str(tmp_path / "db.sqlite3"))
    server = subprocess.Popen(  # noqa: S603 (a fixed command)
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        robots = ""
        for _attempt in range(100):
            try:
                url = f"http://127.0.0.1:{port}/robots.txt"
                robots = urllib.request.urlopen(url, timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert f"Sitemap: http://127.0.0.1:{port}/sitemap.xml" in robots


def test_a_given_site_url_wins_over_the_served_address():
    env = dict(os.environ, DEBUG="1", SITE_URL="https://blog.example/")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.argv = ['manage.py', 'runserver', '8801']; "
            "from django.conf import settings; print(settings.SITE_URL)",
        ],
        env=dict(env, DJANGO_SETTINGS_MODULE="config.settings"),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "https://blog.example"


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
