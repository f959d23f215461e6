import pytest

from tests.factories import PostFactory
from tests.linkbacks.helpers import OtherSite


@pytest.fixture
def other_site():
    site = OtherSite()
    yield site
    site.stop()


@pytest.fixture
def post(db):
    return PostFactory(title="Real Relationships")


@pytest.fixture
def target(post, settings) -> str:
    """The post's address, as another site links to it."""
    return settings.SITE_URL + post.get_absolute_url()
