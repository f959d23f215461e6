"""Environment for the test run, set before Django reads its settings.

Loaded with `-p tests.testenv` (see pyproject.toml) so that it runs before
pytest-django imports `config.settings`.
"""

import os

import pytest

# Detailed assertion messages from the helper modules' asserts, as in a test module;
# registered here because any test folder may import them first.
pytest.register_assert_rewrite(
    "tests.blog.helpers", "tests.comments.helpers", "tests.e2e.helpers"
)

# Tasks run in the process that queues them; tests of the queue itself switch to the
# database backend and run a real worker (tests/tasks.py).
os.environ.setdefault("TASKS_BACKEND", "immediate")
# The other sites of the linkback tests are servers on loopback.
os.environ.setdefault("LINKBACKS_ALLOW_PRIVATE", "1")
os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
