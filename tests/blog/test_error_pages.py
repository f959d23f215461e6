"""Friendly 403, 404 and 500 pages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views.defaults import permission_denied, server_error

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


def test_a_forbidden_page_is_in_the_sites_layout_and_offers_log_in():
    request = RequestFactory().get("/private/")
    request.user = AnonymousUser()

    response = permission_denied(request, PermissionDenied())

    html = response.content.decode()
    assert response.status_code == 403
    assert "Not allowed" in html
    assert 'class="site-header"' in html
    assert 'href="/accounts/login/?next=/private/"' in html
