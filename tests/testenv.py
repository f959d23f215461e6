"""Environment for the test run, set before Django reads its settings.

Loaded with `-p tests.testenv` (see pyproject.toml) so that it runs before
pytest-django imports `config.settings`.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
