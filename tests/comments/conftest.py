import pytest

from tests.factories import PostFactory, UserFactory


@pytest.fixture
def post(db):
    return PostFactory(title="Real Relationships")


@pytest.fixture
def staff(db):
    return UserFactory(username="editor", display_name="Eda Editor", is_staff=True)


class SmtpSink:
    """Keeps every envelope a real SMTP server on loopback received."""

    def __init__(self):
        self.envelopes = []
        self.controller = None

    def stop(self):
        """Take the server down, as a mail server that is unreachable."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        from email import message_from_bytes, policy

        return [
            message_from_bytes(e.original_content, policy=policy.default)
            for e in self.envelopes
        ]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_sink(settings):
    """An aiosmtpd server on 127.0.0.1 and Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    sink.controller = controller
    yield sink
    sink.stop()


@pytest.fixture(autouse=True)
def _fresh_moderation_settings():
    """Each test reads the rules record of its own database."""
    from comments.moderation_settings import forget_moderation_settings

    forget_moderation_settings()
    yield
    forget_moderation_settings()


@pytest.fixture
def moderator(db):
    """A member of the "Moderators" group (made by a data migration)."""
    from django.contrib.auth.models import Group

    user = UserFactory(username="mod", display_name="Mo Derator", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user
