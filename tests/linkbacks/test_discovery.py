"""Endpoint discovery as the Webmention Recommendation (§3.1.2) and Pingback 1.0
(§2) say, against pages served on loopback (the cases of webmention.rocks)."""

import pytest

from linkbacks.discovery import pingback_endpoint, webmention_endpoint
from linkbacks.fetching import fetch

pytestmark = pytest.mark.django_db


def discovered(other_site, body="", **options) -> str | None:
    return webmention_endpoint(fetch(other_site.serve("/post/", body, **options)))


def test_the_link_header_is_found(other_site):
    headers = {"Link": '<http://example.org/wm>; rel="webmention"'}
    assert discovered(other_site, headers=headers) == "http://example.org/wm"


def test_the_link_header_comes_before_the_html(other_site):
    headers = {
        "Link": "</header-endpoint>; rel=webmention",
        "Content-Type": "text/html",
    }
    body = '<link rel="webmention" href="/html-endpoint">'
    assert discovered(other_site, body, headers=headers) == other_site.url(
        "/header-endpoint"
    )


def test_a_rel_among_others_in_the_link_header_is_found(other_site):
    headers = {"Link": '</wm>; rel="webmention somethingelse"'}
    assert discovered(other_site, headers=headers) == other_site.url("/wm")


def test_the_right_one_of_several_link_headers_is_found(other_site):
    headers = {"Link": ['</other>; rel="other"', '</wm>; rel="webmention"']}
    assert discovered(other_site, headers=headers) == other_site.url("/wm")


def test_a_relative_endpoint_is_resolved_against_the_page(other_site):
    body = '<link rel="webmention" href="endpoint">'
    other_site.serve("/a/b/post", body)
    page = fetch(other_site.url("/a/b/post"))
    assert webmention_endpoint(page) == other_site.url("/a/b/endpoint")


def test_a_relative_endpoint_is_resolved_against_the_address_after_redirects(
    other_site,
):
    other_site.serve("/final/page", '<a rel="webmention" href="wm">x</a>')
    start = other_site.serve(
        "/post/", b"", status=301, headers={"Location": "/final/page"}
    )
    assert webmention_endpoint(fetch(start)) == other_site.url("/final/wm")


def test_the_first_link_or_a_in_document_order_wins(other_site):
    body = (
        '<a rel="webmention" href="/from-a">a</a>'
        '<link rel="webmention" href="/from-link">'
    )
    assert discovered(other_site, body) == other_site.url("/from-a")


def test_a_rel_among_others_in_html_is_found(other_site):
    body = '<link rel="alternate webmention" href="/wm">'
    assert discovered(other_site, body) == other_site.url("/wm")


def test_the_query_string_is_kept(other_site):
    body = '<link rel="webmention" href="/wm?version=1&amp;x=2">'
    assert discovered(other_site, body) == other_site.url("/wm?version=1&x=2")


def test_an_empty_href_is_the_page_itself(other_site):
    body = '<link rel="webmention" href="">'
    assert discovered(other_site, body) == other_site.url("/post/")


def test_an_endpoint_inside_an_html_comment_is_ignored(other_site):
    body = (
        '<!-- <link rel="webmention" href="/commented"> -->'
        '<link rel="webmention" href="/real">'
    )
    assert discovered(other_site, body) == other_site.url("/real")


def test_an_element_without_href_is_passed_over(other_site):
    body = '<link rel="webmention"><a rel="webmention" href="/wm">x</a>'
    assert discovered(other_site, body) == other_site.url("/wm")


def test_a_page_without_an_endpoint_has_none(other_site):
    assert discovered(other_site, '<link rel="pingback" href="/x">') is None


def test_the_x_pingback_header_comes_before_the_link_element(other_site):
    body = '<link rel="pingback" href="http://example.org/html">'
    url = other_site.serve(
        "/p/", body, headers={"X-Pingback": "http://example.org/xmlrpc.php"}
    )
    assert pingback_endpoint(fetch(url)) == "http://example.org/xmlrpc.php"


def test_the_pingback_link_element_is_found(other_site):
    url = other_site.serve("/p/", '<link rel="pingback" href="http://e.org/x">')
    assert pingback_endpoint(fetch(url)) == "http://e.org/x"
