"""Notification emails as background work: queued by the request, sent by the real
worker to a real SMTP server on loopback, tried again later when it is down."""

import socket
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from comments.models import Comment
from tests.comments.conftest import free_port
from tests.comments.helpers import POST_URL, form_data, make_comment
from tests.factories import CommentFactory
from tests.tasks import run_queued_tasks

# The worker commits as it goes and checks its connection between tasks, as in
# production: the tests cannot wrap it in one transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def hanging_mail_server(settings):
    """A mail server that takes connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = listener.getsockname()
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield listener


@pytest.fixture
def mail_server_down(smtp_sink, settings):
    """The SMTP settings point at a port nobody listens on (smtp_sink stays up,
    for when the server comes back)."""
    settings.EMAIL_PORT = free_port()
    return smtp_sink


def mail_server_back(settings, smtp_sink):
    settings.EMAIL_PORT = smtp_sink.controller.port


def test_posting_never_connects_to_the_mail_server(
    client, post, hanging_mail_server, task_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(POST_URL, form_data(post))
    assert response.status_code == 302
    hanging_mail_server.setblocking(False)
    with pytest.raises(BlockingIOError):  # nobody is waiting to be let in
        hanging_mail_server.accept()
    assert DBTaskResult.objects.ready().count() == 1


def test_the_worker_sends_the_queued_email(
    post, smtp_sink, task_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post)
    assert smtp_sink.envelopes == []
    assert run_queued_tasks() == 1
    (envelope,) = smtp_sink.envelopes
    assert envelope.rcpt_tos == [post.author.email]
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_an_email_the_mail_server_could_not_take_is_tried_again_later(
    post, mail_server_down, settings, task_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post)
    run_queued_tasks()
    (failed,) = DBTaskResult.objects.failed()
    assert failed.exception_class_path.endswith("NotificationsNotSent")
    (retry,) = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert retry.run_after - failed.finished_at == pytest.approx(
        timedelta(minutes=1), abs=timedelta(seconds=5)
    )
    assert run_queued_tasks() == 0  # not before its time

    mail_server_back(settings, mail_server_down)
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert run_queued_tasks() == 1
    (envelope,) = mail_server_down.envelopes
    assert envelope.rcpt_tos == [post.author.email]


@pytest.mark.django_db
def test_a_retry_goes_only_to_the_addresses_that_failed(post, moderator, smtp_sink):
    from comments.notifications import comment_notifications_send

    comment = CommentFactory(post=post, status=Comment.Status.PENDING)
    sent = comment_notifications_send.call(
        comment_id=comment.pk, event="created", attempt=2, only=[moderator.email]
    )
    assert sent == 1
    assert [e.rcpt_tos for e in smtp_sink.envelopes] == [[moderator.email]]


def test_retries_stop_after_the_set_number_of_attempts(
    post, mail_server_down, settings, task_queue, django_capture_on_commit_callbacks
):
    settings.TASKS_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post)
    for hours in range(4):
        with time_machine.travel(timezone.now() + timedelta(hours=hours)):
            run_queued_tasks()
    assert DBTaskResult.objects.failed().count() == 3
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


def test_a_comment_deleted_before_its_task_runs_emails_nobody(
    post, smtp_sink, task_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = make_comment(post)
    Comment.objects.filter(pk=comment.pk).delete()
    run_queued_tasks()
    assert smtp_sink.envelopes == []
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_staff_see_failed_tasks_in_the_admin(
    admin_client, post, mail_server_down, task_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(post)
    run_queued_tasks()
    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    response = admin_client.get(changelist, {"status__exact": "FAILED"})
    assert response.status_code == 200
    assert "comment_notifications_send" in response.content.decode()
