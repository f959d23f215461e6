"""The bench server's email backend: every message built and serialized, none sent.

Each posted comment emails the post's author. The console backend would print
those hundreds of emails into the bench's output; an SMTP server's own latency is
not Colloquy's to measure. Serializing each message keeps the work an SMTP backend
does before it writes to the socket.
"""

from django.core.mail.backends.base import BaseEmailBackend


class SerializingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            message.message().as_bytes(linesep="\r\n")
        return len(email_messages)
