"""Receiving Webmention and Pingback: what the endpoints answer at once, and what
the background check stores, with a real HTTP server on loopback as the other blog."""

import xmlrpc.client

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.linkbacks.helpers import h_entry_linking_to, page_linking_to

pytestmark = pytest.mark.django_db

WEBMENTION = reverse("linkbacks:webmention")
PINGBACK = reverse("linkbacks:pingback")


def send_webmention(client, source, target, capture):
    with capture(execute=True):
        return client.post(WEBMENTION, {"source": source, "target": target})


def ping(client, source, target, capture, method="pingback.ping"):
    body = xmlrpc.client.dumps((source, target), methodname=method)
    with capture(execute=True):
        response = client.post(PINGBACK, body, content_type="text/xml")
    assert response.status_code == 200
    try:
        (answer,), _ = xmlrpc.client.loads(response.content)
    except xmlrpc.client.Fault as fault:
        return fault
    return answer


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_a_post_page_advertises_both_endpoints_in_headers_and_head(client, post):
    response = client.get(post.get_absolute_url())
    html = response.content.decode()
    webmention = "http://127.0.0.1:8000" + WEBMENTION
    pingback = "http://127.0.0.1:8000" + PINGBACK
    assert response["Link"] == f'<{webmention}>; rel="webmention"'
    assert response["X-Pingback"] == pingback
    assert f'<link rel="webmention" href="{webmention}">' in html
    assert f'<link rel="pingback" href="{pingback}">' in html


def test_nothing_is_advertised_when_receiving_is_off(client, post, settings):
    settings.LINKBACKS_RECEIVE = False
    response = client.get(post.get_absolute_url())
    assert "X-Pingback" not in response
    assert 'rel="webmention"' not in response.content.decode()
    assert client.post(WEBMENTION, {"source": "x", "target": "y"}).status_code == 404


def test_a_webmention_is_accepted_and_stored_after_its_check(
    client, other_site, target, post, capture
):
    source = other_site.serve("/reply/", page_linking_to(target))
    response = send_webmention(client, source, target, capture)
    assert response.status_code == 202
    (mention,) = Comment.objects.filter(post=post)
    assert (mention.kind, mention.author_url) == ("webmention", source)
    assert mention.author_name == "A reply elsewhere"
    assert "I agree with this post." in mention.body


def test_the_author_and_excerpt_come_from_the_h_entry(
    client, other_site, target, post, capture
):
    source = other_site.serve("/h-entry/", h_entry_linking_to(target))
    send_webmention(client, source, target, capture)
    mention = Comment.objects.get(post=post)
    assert mention.author_name == "Cid Blogger"
    assert mention.body == "Replying to that post: well said."


def test_a_mention_goes_through_the_moderation_rules_and_is_held(
    client, other_site, target, post, capture, mailoutbox
):
    source = other_site.serve("/reply/", page_linking_to(target))
    send_webmention(client, source, target, capture)
    mention = Comment.objects.get(post=post)
    assert mention.status == Comment.Status.PENDING
    assert [m.to for m in mailoutbox] == [[post.author.email]]


def test_an_approved_mention_is_listed_below_the_discussion(
    client, other_site, target, post, capture
):
    source = other_site.serve("/reply/", page_linking_to(target))
    send_webmention(client, source, target, capture)
    Comment.objects.filter(post=post).update(status=Comment.Status.APPROVED)
    post.thread_version += 1
    post.save()
    html = client.get(post.get_absolute_url()).content.decode()
    mentions = html[html.index('class="comment-mentions"') :]
    assert f'href="{source}"' in mentions
    assert "A reply elsewhere" in mentions


def test_a_source_that_does_not_link_to_the_target_stores_nothing(
    client, other_site, target, post, capture
):
    source = other_site.serve("/unrelated/", page_linking_to("http://example.org/"))
    assert send_webmention(client, source, target, capture).status_code == 202
    assert not Comment.objects.filter(post=post).exists()


def test_a_link_inside_an_html_comment_is_no_link(
    client, other_site, target, post, capture
):
    page = f'<p>Nothing here <!-- <a href="{target}">hidden</a> --></p>'
    source = other_site.serve("/commented/", page)
    send_webmention(client, source, target, capture)
    assert not Comment.objects.filter(post=post).exists()


def test_a_repeated_webmention_updates_its_linkback(
    client, other_site, target, post, capture
):
    source = other_site.serve("/reply/", page_linking_to(target))
    send_webmention(client, source, target, capture)
    other_site.serve("/reply/", page_linking_to(target, text="On second thought,"))
    send_webmention(client, source, target, capture)
    (mention,) = Comment.objects.filter(post=post)
    assert "On second thought, this post." in mention.body


@pytest.mark.parametrize("gone", ["unlinked", 410, 404])
def test_a_source_that_no_longer_links_has_its_linkback_removed(
    client, other_site, target, post, capture, gone
):
    source = other_site.serve("/reply/", page_linking_to(target))
    send_webmention(client, source, target, capture)
    if gone == "unlinked":
        other_site.serve("/reply/", page_linking_to("http://example.org/"))
    else:
        other_site.serve("/reply/", b"Gone", status=gone)
    send_webmention(client, source, target, capture)
    mention = Comment.objects.get(post=post)
    assert mention.status == Comment.Status.REMOVED


def test_a_hostile_source_is_sanitized_like_a_comment(
    client, other_site, target, post, capture
):
    page = (
        "<title><script>alert(1)</script>Evil</title>"
        f'<p><img src=x onerror=alert(2)> [x](javascript:alert(3)) <a href="{target}">'
        "post</a></p>"
    )
    source = other_site.serve("/evil/", page)
    send_webmention(client, source, target, capture)
    mention = Comment.objects.get(post=post)
    assert "<script" not in mention.body_html
    assert "javascript:" not in mention.body_html
    assert "onerror" not in mention.body_html


@pytest.mark.parametrize(
    ("source", "target_url", "reason"),
    [
        ("", "{target}", "http or https"),
        ("ftp://example.org/", "{target}", "http or https"),
        ("{target}", "{target}", "the same"),
        ("http://example.org/", "http://elsewhere.example/2020/01/x/", "not on this"),
        ("http://example.org/", "http://127.0.0.1:8000/2001/01/none/", "not exist"),
        ("http://example.org/", "http://127.0.0.1:8000/tag/news/", "cannot take"),
    ],
)
def test_a_webmention_that_cannot_be_good_is_refused_at_once(
    client, target, capture, source, target_url, reason
):
    source, target_url = (u.format(target=target) for u in (source, target_url))
    response = send_webmention(client, source, target_url, capture)
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not Comment.objects.exists()


def test_a_post_closed_to_pings_refuses_mentions(client, post, target, capture):
    post.allow_pings = False
    post.save()
    response = send_webmention(client, "http://example.org/", target, capture)
    assert response.status_code == 400
    assert "does not take mentions" in response.content.decode()


def test_a_flood_of_mentions_from_one_address_is_refused(
    client, target, capture, settings
):
    settings.LINKBACKS_PER_HOUR = 3
    statuses = [
        client.post(
            WEBMENTION, {"source": f"http://s{n}.example/", "target": target}
        ).status_code
        for n in range(4)
    ]
    assert statuses == [202, 202, 202, 429]


def test_a_pingback_is_received_and_stored_after_its_check(
    client, other_site, target, post, capture
):
    source = other_site.serve("/pinging/", page_linking_to(target))
    answer = ping(client, source, target, capture)
    assert "received" in answer
    (pingback,) = Comment.objects.filter(post=post)
    assert (pingback.kind, pingback.author_url) == ("pingback", source)


def test_a_pingback_registered_already_is_fault_48(
    client, other_site, target, post, capture
):
    source = other_site.serve("/pinging/", page_linking_to(target))
    ping(client, source, target, capture)
    assert ping(client, source, target, capture).faultCode == 48


@pytest.mark.parametrize(
    ("target_url", "code"),
    [
        ("http://127.0.0.1:8000/2001/01/none/", 32),
        ("http://elsewhere.example/2001/01/none/", 33),
    ],
)
def test_a_pingback_to_a_bad_target_is_the_specifications_fault(
    client, capture, target_url, code, post
):
    assert ping(client, "http://example.org/", target_url, capture).faultCode == code


def test_a_source_that_is_no_http_address_is_fault_16(client, target, capture):
    assert ping(client, "javascript:alert(1)", target, capture).faultCode == 16


def test_another_method_than_pingback_ping_is_an_xmlrpc_fault(client, target, capture):
    fault = ping(client, "http://example.org/", target, capture, method="system.x")
    assert fault.faultCode == -32601


def test_a_body_that_is_no_xml_rpc_is_a_parse_fault(client):
    response = client.post(PINGBACK, b"<methodCall><oops", content_type="text/xml")
    with pytest.raises(xmlrpc.client.Fault) as fault:
        xmlrpc.client.loads(response.content)
    assert fault.value.faultCode == -32700
