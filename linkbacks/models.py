from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SentLinkback(models.Model):
    """What came of telling one site that one of our posts links to it: one row per
    post and link, the last outcome (linkbacks.sending)."""

    class Outcome(models.TextChoices):
        SENT = "sent", _("Sent")
        NO_ENDPOINT = "none", _("The page takes no linkbacks")
        REFUSED = "refused", _("Refused by the other site")
        FAILED = "failed", _("Could not reach the other site")

    class Protocol(models.TextChoices):
        WEBMENTION = "webmention", _("Webmention")
        PINGBACK = "pingback", _("Pingback")

    post = models.ForeignKey(
        "blog.Post",
        on_delete=models.CASCADE,
        related_name="sent_linkbacks",
        verbose_name=_("post"),
    )
    target = models.URLField(_("link"), max_length=2000)
    protocol = models.CharField(
        _("protocol"), max_length=10, choices=Protocol.choices, blank=True
    )
    endpoint = models.URLField(_("endpoint"), max_length=2000, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    # A digest of the post's body when it was sent: sent again only once it changed.
    body_digest = models.CharField(max_length=64, editable=False)
    attempted_at = models.DateTimeField(_("attempted"), default=timezone.now)

    class Meta:
        verbose_name = _("sent linkback")
        verbose_name_plural = _("sent linkbacks")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "target"], name="sent_linkback_once_per_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.post_id} → {self.target}"
