"""Friendly 404 and 500 pages."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_friendly_not_found_page(client):
    response = client.get("/no/such/address/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert 'action="/search/"' in html
    assert 'href="/feed/"' in html


def test_the_server_error_page_renders_without_the_database(
    django_assert_num_queries,
):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert 'href="/"' in html
