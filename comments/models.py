from django.conf import settings
from django.db import models
from django.db.models import OuterRef
from django.db.models.functions import Upper
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from blog.models import Post

from .locks import tree_id_lock
from .permissions import moderates_everything


def email_is(email: str) -> Exact:
    """A comment's email is `email`, whatever its case (as `__iexact`), in a way the
    index on UPPER(author_email) serves: `__iexact` is LIKE on SQLite, which no
    index serves, so each check read every comment. A lookup expression, not an
    alias: Django builds it for less work."""
    return Exact(Upper("author_email"), Upper(models.Value(email)))


def moderation_queue_order() -> list:
    """The admin's comment list order: every pending comment (what waits for a
    moderator) first, then newest first; order_by terms, as the changelist takes."""
    waiting = models.Case(
        models.When(status=Comment.Status.PENDING, then=models.Value(0)),
        default=models.Value(1),
    )
    return [waiting.asc(), "-created_at", "-pk"]


class CommentQuerySet(TreeQuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def with_email(self, email: str):
        """Comments written with `email`, whatever its case (see `email_is`)."""
        return self.filter(email_is(email))

    def visible(self):
        """Comments every reader sees in a thread: approved ones, and placeholders
        for the hidden ones (removed, spam, held) that approved replies hang under."""
        return self.with_placeholders(models.Q(status=Comment.Status.APPROVED))

    def with_placeholders(self, shown: models.Q):
        """The comments `shown` selects, and every comment one of them hangs under:
        a thread shows those as placeholders, so that replies keep their place."""
        below = Comment.objects.filter(
            shown,
            tree_id=OuterRef("tree_id"),
            lft__gt=OuterRef("lft"),
            rght__lt=OuterRef("rght"),
        )
        return self.filter(shown | models.Q(models.Exists(below)))

    def moderatable_by(self, user):
        """The comments `user` may moderate (see comments.permissions)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if moderates_everything(user):
            return self
        return self.filter(post__author=user)


class CommentManager(TreeManager.from_queryset(CommentQuerySet)):
    def _get_next_tree_id(self):
        """mptt's `max(tree_id) + 1`, under a lock: two new threads at once would
        otherwise get the same tree id (see comments.tree)."""
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
        # Mentions of the post elsewhere (linkbacks), listed apart from the
        # discussion: received, or imported from WordPress (trackbacks only so).
        COMMENT = "comment", _("Comment")
        PINGBACK = "pingback", _("Pingback")
        TRACKBACK = "trackback", _("Trackback")
        WEBMENTION = "webmention", _("Webmention")

    post = models.ForeignKey(
        "blog.Post",
        on_delete=models.CASCADE,
        null=True,  # only for a page's comments (below)
        blank=True,
        related_name="comments",
        verbose_name=_("post"),
    )
    # Pages take no new comments; this holds the discussions imported with them
    # from WordPress. A comment is on a post or on a page, never both.
    page = models.ForeignKey(
        "blog.Page",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("page"),
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
    markup = models.CharField(
        _("markup"),
        max_length=10,
        choices=Post.Markup.choices,
        default=Post.Markup.MARKDOWN,
        help_text=_("HTML for comments imported from WordPress."),
    )
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
    notify_replies = models.BooleanField(_("notify of replies"), default=False)
    # The comment's own HTML block, rendered once when it changes (comments.rendering).
    html = models.TextField(editable=False, blank=True)
    html_version = models.CharField(editable=False, max_length=64, blank=True)
    # Which rule held it or marked it as spam, in words (shown to moderators).
    moderation_reason = models.CharField(
        _("moderation reason"), max_length=200, blank=True
    )
    # Removing keeps the comment: Restore puts it back in this status. Empty on a
    # removed comment when there is nothing to put back (erased at its writer's
    # request).
    status_before_removal = models.CharField(
        _("status before removal"),
        max_length=10,
        choices=Status.choices,
        blank=True,
        editable=False,
    )

    objects = CommentManager()

    class MPTTMeta:
        # Replies keep arrival order; no order_insertion_by.
        pass

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", _("Can moderate comments on every post"))]
        indexes = [
            # Named: mptt adds tree_id/lft after the class is built.
            models.Index(
                fields=["post", "tree_id", "lft"], name="comments_post_thread_idx"
            ),
            models.Index(
                fields=["ip_address", "created_at"], name="comments_ip_created_idx"
            ),
            # Partial: only a page's imported discussion has a page; every
            # other row would be an entry no query reads.
            models.Index(
                fields=["page", "tree_id", "lft"],
                name="comments_page_thread_idx",
                condition=models.Q(page__isnull=False),
            ),
            # A post's comment feed: its newest approved comments, read in order.
            # Whole, not partial on the status: a prepared statement's generic
            # plan could not use a partial one.
            models.Index(
                fields=["post", "-created_at", "-id"], name="comments_post_feed_idx"
            ),
            # The rules' lookups by email: duplicate text, first-time commenter.
            models.Index(Upper("author_email"), "post", name="comments_email_post_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(post__isnull=False, page__isnull=True)
                | models.Q(post__isnull=True, page__isnull=False),
                name="comment_on_post_or_page",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_author_name()}: {self.body[:40]}"

    def get_author_name(self) -> str:
        if self.user_id and self.user:
            return self.user.get_display_name()
        return self.author_name

    def get_author_url(self) -> str:
        if self.user_id and self.user:
            return self.user.website
        return self.author_url

    @property
    def is_restorable(self) -> bool:
        """Removed by a moderator, with a status to go back to."""
        return self.status == self.Status.REMOVED and bool(self.status_before_removal)

    def get_absolute_url(self) -> str:
        """The permalink: it redirects to the right page of the thread."""
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    def get_reply_url(self) -> str:
        if self.post_id is None:  # a page's imported discussion takes no replies
            return f"{self.page.get_absolute_url()}#comment-{self.pk}"
        return f"{self.post.get_absolute_url()}?replytocom={self.pk}#respond"


class ModerationSettings(models.Model):
    """The discussion rules, one record edited in the admin (WordPress's Discussion
    settings). Read through `comments.moderation_settings.moderation_settings()`."""

    class Hold(models.TextChoices):
        FIRST_TIMERS = "first", _("Hold first-time commenters only")
        EVERYONE = "all", _("Hold every comment for approval")

    hold = models.CharField(
        _("hold for approval"),
        max_length=5,
        choices=Hold.choices,
        default=Hold.FIRST_TIMERS,
        help_text=_(
            "A commenter who already has an approved comment (same email, or same "
            "account) is approved at once unless every comment is held."
        ),
    )
    max_links = models.PositiveIntegerField(
        _("hold a comment with more than this many links"), default=2
    )
    moderation_words = models.TextField(
        _("moderation word list"),
        blank=True,
        help_text=_(
            "A comment containing any of these in its name, email, website, text or "
            "IP address is held. One entry a line; matches inside words too."
        ),
    )
    block_words = models.TextField(
        _("block word list"),
        blank=True,
        help_text=_(
            "A comment containing any of these in its name, email, website, text or "
            "IP address is marked as spam. One entry a line."
        ),
    )
    close_after_days = models.PositiveIntegerField(
        _("close comments on posts older than (days)"),
        default=0,
        help_text=_("0: never close."),
    )
    max_depth = models.PositiveIntegerField(
        _("thread depth"),
        default=5,  # as WordPress
        help_text=_("Levels of replies shown, the top-level comment included."),
    )
    per_page = models.PositiveIntegerField(
        _("top-level comments per page"),
        default=0,
        help_text=_("0: every comment on one page."),
    )

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")

    def __str__(self) -> str:
        return str(_("Moderation settings"))

    def save(self, *args, **kwargs):
        self.pk = 1  # one record only
        super().save(*args, **kwargs)


class ModerationLog(models.Model):
    """One moderation action: who did what to which comment, and when."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved")
        UNAPPROVE = "unapprove", _("Unapproved")
        SPAM = "spam", _("Marked as spam")
        NOT_SPAM = "not_spam", _("Marked as not spam")
        REMOVE = "remove", _("Removed")
        RESTORE = "restore", _("Restored")
        # Each comment deleted for good has its own entry, with a copy of it.
        DELETE = "delete", _("Deleted permanently")
        DELETE_THREAD = "delete_thread", _("Deleted with its replies")  # before 0011
        EDIT = "edit", _("Edited")
        ERASE = "erase", _("Erased at its writer's request")

    # Not a foreign key: the record outlives a deleted comment.
    comment_id = models.PositiveBigIntegerField(_("comment"), db_index=True)
    comment_excerpt = models.CharField(_("comment text"), max_length=100, blank=True)
    post = models.ForeignKey(
        "blog.Post",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("post"),
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("moderator"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # What a permanent deletion destroyed, so that the log never points at nothing.
    deleted_copy = models.JSONField(_("copy of the deleted comment"), null=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.comment_id}"

    def actor(self) -> str:
        """Who did it, in words: erasure is the writer's own doing."""
        if self.action == self.Action.ERASE:
            return str(_("its writer"))
        return str(self.moderator or _("someone since deleted"))
