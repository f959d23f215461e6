from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet


class CommentQuerySet(TreeQuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def visible(self):
        """Comments shown in a thread: approved ones and tombstones of removed ones."""
        return self.filter(status__in=[Comment.Status.APPROVED, Comment.Status.REMOVED])


class CommentManager(TreeManager.from_queryset(CommentQuerySet)):
    def _get_next_tree_id(self):
        """mptt's `max(tree_id) + 1`, under a lock: two new threads at once would
        otherwise get the same tree id (see comments.tree)."""
        from comments.tree import tree_id_lock  # comments.tree imports this module

        tree_id_lock(using=self.db)
        return super()._get_next_tree_id()


class Comment(MPTTModel):
    """One comment. Every top-level comment is the root of its own MPTT tree."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        REMOVED = "removed", _("Removed")

    class Kind(models.TextChoices):
        # Pingbacks and trackbacks come from WordPress imports: mentions of the post
        # elsewhere, listed apart from the discussion.
        COMMENT = "comment", _("Comment")
        PINGBACK = "pingback", _("Pingback")
        TRACKBACK = "trackback", _("Trackback")

    post = models.ForeignKey(
        "blog.Post",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("post"),
    )
    parent = TreeForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("in reply to"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        verbose_name=_("user"),
    )
    author_name = models.CharField(_("name"), max_length=100, blank=True)
    author_email = models.EmailField(_("email"), blank=True)
    author_url = models.URLField(_("website"), blank=True)
    body = models.TextField(_("comment"))
    body_html = models.TextField(editable=False, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMENT
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    # The comment's own HTML block, rendered once when it changes (comments.rendering).
    html = models.TextField(editable=False, blank=True)
    html_version = models.CharField(editable=False, max_length=64, blank=True)

    objects = CommentManager()

    class MPTTMeta:
        # Replies keep arrival order; no order_insertion_by.
        pass

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            # Named: mptt adds tree_id/lft after the class is built.
            models.Index(
                fields=["post", "tree_id", "lft"], name="comments_post_thread_idx"
            ),
            models.Index(
                fields=["ip_address", "created_at"], name="comments_ip_created_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_author_name()}: {self.body[:40]}"

    def get_author_name(self) -> str:
        if self.user_id and self.user:
            return self.user.get_display_name()
        return self.author_name

    def get_author_url(self) -> str:
        if self.author_url:
            return self.author_url
        return self.user.website if self.user_id and self.user else ""

    def get_absolute_url(self) -> str:
        """The permalink: it redirects to the right page of the thread."""
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    def get_reply_url(self) -> str:
        return f"{self.post.get_absolute_url()}?replytocom={self.pk}#respond"
