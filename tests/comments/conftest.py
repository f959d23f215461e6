import pytest

# Detailed assertion messages from the thread-shape helpers, as in a test module.
pytest.register_assert_rewrite("tests.comments.threads")
