"""Sending: the sites a published post links to hear of it, through Webmention or
else Pingback, once per version of the post; every outcome is recorded."""

import xmlrpc.client
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from linkbacks.models import SentLinkback
from linkbacks.sending import external_links, linkbacks_send, linkbacks_send_later
from tests.factories import PostFactory, UserFactory
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

PINGBACK_OK = xmlrpc.client.dumps(("Pingback registered.",), methodresponse=True)


def webmention_blog(other_site, path="/their-post/") -> str:
    other_site.serve("/wm", b"Accepted", status=202)
    return other_site.serve(path, '<link rel="webmention" href="/wm"><p>Hello</p>')


def pingback_blog(other_site, path="/wp-post/") -> str:
    other_site.serve("/xmlrpc.php", PINGBACK_OK, headers={"Content-Type": "text/xml"})
    return other_site.serve(
        path, "<p>Hello</p>", headers={"X-Pingback": other_site.url("/xmlrpc.php")}
    )


def post_linking(*urls, **fields):
    body = "\n\n".join(f"See [this]({url})." for url in urls)
    return PostFactory(body=body, **fields)


def source_of(post, settings) -> str:
    return settings.SITE_URL + post.get_absolute_url()


def test_a_webmention_is_sent_to_a_page_that_takes_them(other_site, settings):
    target = webmention_blog(other_site)
    post = post_linking(target)
    linkbacks_send.enqueue(post_id=post.pk)
    (sent,) = other_site.received
    assert sent.path == "/wm"
    assert sent.form == {"source": source_of(post, settings), "target": target}
    record = SentLinkback.objects.get(post=post)
    assert (record.outcome, record.protocol) == ("sent", "webmention")


def test_a_pingback_is_sent_where_there_is_no_webmention_endpoint(other_site, settings):
    target = pingback_blog(other_site)
    post = post_linking(target)
    linkbacks_send.enqueue(post_id=post.pk)
    (sent,) = other_site.received
    (source, pinged), method = xmlrpc.client.loads(sent.body)
    assert (method, source, pinged) == (
        "pingback.ping",
        source_of(post, settings),
        target,
    )
    record = SentLinkback.objects.get(post=post)
    assert (record.outcome, record.protocol) == ("sent", "pingback")
    assert record.detail == "Pingback registered."


def test_a_pingback_fault_is_recorded_as_refused(other_site):
    fault = xmlrpc.client.dumps(xmlrpc.client.Fault(17, "No link"), methodresponse=True)
    other_site.serve("/xmlrpc.php", fault, headers={"Content-Type": "text/xml"})
    target = other_site.serve(
        "/p/", "<p>x</p>", headers={"X-Pingback": other_site.url("/xmlrpc.php")}
    )
    post = post_linking(target)
    linkbacks_send.enqueue(post_id=post.pk)
    record = SentLinkback.objects.get(post=post)
    assert (record.outcome, record.detail) == ("refused", "Fault 17: No link")


def test_a_page_without_an_endpoint_is_recorded_as_such(other_site):
    post = post_linking(other_site.serve("/plain/", "<p>No endpoint</p>"))
    linkbacks_send.enqueue(post_id=post.pk)
    assert SentLinkback.objects.get(post=post).outcome == "none"


def test_the_same_post_never_notifies_the_same_link_twice(other_site):
    post = post_linking(webmention_blog(other_site))
    linkbacks_send.enqueue(post_id=post.pk)
    linkbacks_send.enqueue(post_id=post.pk)
    assert len(other_site.received) == 1


def test_a_changed_post_notifies_again_and_tells_the_links_it_dropped(other_site):
    first = webmention_blog(other_site, "/first/")
    second = webmention_blog(other_site, "/second/")
    post = post_linking(first)
    linkbacks_send.enqueue(post_id=post.pk)
    post.body = f"Now only [the second]({second})."
    post.save()
    linkbacks_send.enqueue(post_id=post.pk)
    targets = [r.form["target"] for r in other_site.received]
    assert targets == [first, second, first]


def test_links_to_this_site_and_other_schemes_are_not_notified(settings):
    post = PostFactory(
        body=f"[a]({settings.SITE_URL}/about/) [b](/tag/x/) [c](mailto:a@b.c) "
        "[d](http://example.org/page#part) [e](http://example.org/page)"
    )
    assert external_links(post) == ["http://example.org/page"]


def test_drafts_are_not_sent(other_site, django_capture_on_commit_callbacks):
    post = post_linking(webmention_blog(other_site), status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        linkbacks_send_later(post)
    assert other_site.received == []


def test_nothing_is_sent_when_sending_is_off(
    other_site, settings, django_capture_on_commit_callbacks
):
    settings.LINKBACKS_SEND = False
    post = post_linking(webmention_blog(other_site))
    with django_capture_on_commit_callbacks(execute=True):
        linkbacks_send_later(post)
    assert other_site.received == []


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_post_is_sent_when_its_time_comes(
    other_site, task_queue, django_capture_on_commit_callbacks
):
    import time_machine

    later = timezone.now() + timedelta(hours=2)
    post = post_linking(webmention_blog(other_site), published_at=later)
    with django_capture_on_commit_callbacks(execute=True):
        linkbacks_send_later(post)
    assert run_queued_tasks() == 0
    with time_machine.travel(later + timedelta(minutes=1)):
        assert run_queued_tasks() == 1
    assert len(other_site.received) == 1


@pytest.mark.django_db(transaction=True)
def test_a_site_that_cannot_be_reached_is_tried_again_later(
    other_site, task_queue, django_capture_on_commit_callbacks
):
    import time_machine

    target = other_site.url("/later/")
    post = post_linking(target)
    other_site.stop()
    with django_capture_on_commit_callbacks(execute=True):
        linkbacks_send_later(post)
    run_queued_tasks()
    assert SentLinkback.objects.get(post=post).outcome == "failed"
    assert DBTaskResult.objects.failed().count() == 1
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        run_queued_tasks()
    assert DBTaskResult.objects.failed().count() == 2  # retried, still down


def test_an_author_sees_the_outcomes_of_their_own_posts_only(client, other_site):
    from django.contrib.auth.models import Group

    authors = Group.objects.get(name="Authors")
    ann, bob = UserFactory(is_staff=True), UserFactory(is_staff=True)
    for user in (ann, bob):
        user.groups.add(authors)
    target = other_site.serve("/plain/", "<p>x</p>")
    linkbacks_send.enqueue(post_id=post_linking(target, author=ann, title="Ann's").pk)
    linkbacks_send.enqueue(post_id=post_linking(target, author=bob, title="Bob's").pk)
    client.force_login(ann)
    response = client.get(reverse("admin:linkbacks_sentlinkback_changelist"))
    assert response.status_code == 200
    assert "Ann&#x27;s" in response.content.decode()
    assert "Bob&#x27;s" not in response.content.decode()
