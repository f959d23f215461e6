"""The fetcher: our own network refused unless allowed, on every redirect; huge and
endless pages cut off."""

import pytest

from linkbacks.fetching import AddressRefused, fetch

pytestmark = pytest.mark.django_db


@pytest.fixture
def guarded(settings):
    settings.LINKBACKS_ALLOW_PRIVATE = False


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://224.0.0.1/",
        "http://0.0.0.0/",
    ],
)
def test_addresses_of_our_own_network_are_refused(guarded, url):
    with pytest.raises(AddressRefused):
        fetch(url)


def test_a_refused_address_is_never_connected_to(guarded, other_site):
    url = other_site.serve("/ok/", "<p>Hello</p>")
    with pytest.raises(AddressRefused):
        fetch(url)
    assert other_site.requested == []


def test_every_redirect_is_checked_like_the_first_address(other_site, settings):
    """The loopback site is allowed; the address it redirects to is checked as
    the first was: here one that does not resolve at all."""
    start = other_site.serve(
        "/jump/", b"", status=302, headers={"Location": "http://no-such-host.invalid/"}
    )
    with pytest.raises(AddressRefused):
        fetch(start)


def test_the_loopback_site_is_allowed_when_private_addresses_are(other_site):
    page = fetch(other_site.serve("/ok/", "<p>Hello</p>"))
    assert (page.status, page.text) == (200, "<p>Hello</p>")


def test_a_huge_page_is_cut_off_at_the_limit(other_site, settings):
    settings.LINKBACKS_MAX_BYTES = 100_000
    url = other_site.serve("/huge/", b"x" * 1_000_000, repeat=50)  # 50 MB
    page = fetch(url)
    assert page.truncated
    assert len(page.text) == 100_000


def test_an_endless_page_is_cut_off_after_the_time_limit(other_site, settings):
    settings.LINKBACKS_FETCH_SECONDS = 1
    url = other_site.serve("/drip/", b"<p>more</p>", repeat=10_000, delay=0.05)
    page = fetch(url)
    assert page.truncated
    # What a second of dripping brings, not the 64 KiB a blocking read waits for.
    assert 0 < len(page.text) < 10_000


def test_redirects_are_followed_a_bounded_number_of_times(other_site):
    from linkbacks.fetching import FetchFailed

    other_site.serve("/loop/", b"", status=302, headers={"Location": "/loop/"})
    with pytest.raises(FetchFailed):
        fetch(other_site.url("/loop/"))
