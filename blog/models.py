from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.files.storage import default_storage
from django.db import connections, models, router
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .markup import render_post_body
from .search import search_vector


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:60]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("blog:tag_detail", kwargs={"slug": self.slug})


class OwnedQuerySet(models.QuerySet):
    """Things authors make in the admin, each with its owner in `owner_field`."""

    owner_field: str

    def editable_by(self, user):
        """What `user` may see whole and work on: their own; everyone's for
        superusers and Editors (staff with `blog.edit_others_posts`). For posts,
        the one rule of the admin and of previews on the site (`previewable_by`)."""
        # Roles are the admin's, so only staff have one; asking first spares every
        # other signed-in reader the two queries that read permissions.
        if user.is_staff and user.has_perm("blog.edit_others_posts"):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(**{self.owner_field: user})


class PostQuerySet(OwnedQuerySet):
    owner_field = "author"

    def published(self):
        """Posts readers may see: published, and their time has come."""
        return self.filter(
            status=Post.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def previewable_by(self, user):
        """Published posts, and the hidden ones `user` may preview (`editable_by`):
        another author's draft is "not found", as if it did not exist."""
        return self.published() | self.editable_by(user)


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Markup(models.TextChoices):
        MARKDOWN = "markdown", _("Markdown")
        HTML = "html", _("HTML")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("author"),
    )
    body = models.TextField(_("body"), help_text=_("Markdown."))
    markup = models.CharField(
        _("markup"), max_length=10, choices=Markup.choices, default=Markup.MARKDOWN
    )
    body_html = models.TextField(editable=False, blank=True)
    excerpt = models.TextField(
        _("excerpt"),
        blank=True,
        help_text=_(
            "Shown on lists and in feeds. Leave blank to use the first paragraph."
        ),
    )
    cover_image = models.ImageField(
        _("cover image"),
        upload_to="covers/%Y/%m/",
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_renditions = models.JSONField(default=list, blank=True, editable=False)
    cover_alt = models.CharField(
        _("cover description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    cover_caption = models.CharField(_("cover caption"), max_length=250, blank=True)
    cover_credit = models.CharField(
        _("cover credit"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Photo: Olga”."),
    )
    cover_credit_url = models.URLField(_("cover credit link"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        db_index=True,
        help_text=_("A date in the future schedules the post."),
    )
    allow_comments = models.BooleanField(_("allow comments"), default=True)
    # WordPress's ping_status: whether other sites' pingbacks and webmentions are
    # taken (linkbacks).
    allow_pings = models.BooleanField(
        _("allow pingbacks and webmentions"), default=True
    )
    password = models.CharField(
        _("password"),
        max_length=255,
        blank=True,
        help_text=_(
            "As in WordPress: readers must enter it to see the post and its "
            "comments; lists, feeds and search never show its content."
        ),
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="posts", verbose_name=_("tags")
    )
    comment_count = models.PositiveIntegerField(
        _("approved comments"), default=0, editable=False
    )
    # Bumped with F() + 1 by every comment change, in its transaction: the key of
    # the cached thread (comments.thread), so a cached thread is never stale.
    thread_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The page's head tags and article as last rendered, and the digest of what
    # they were rendered from (blog.rendering).
    head_html = models.TextField(editable=False, blank=True)
    article_html = models.TextField(editable=False, blank=True)
    rendered_digest = models.CharField(max_length=64, editable=False, blank=True)
    # PostgreSQL's full-text search vector of the title and body, made on save
    # (blog.search); empty on other databases.
    search_vector = SearchVectorField(null=True, editable=False)

    STORED_RENDERING_FIELDS = ("head_html", "article_html", "rendered_digest")

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        indexes = [models.Index(fields=["status", "published_at"])]
        permissions = [
            (
                "edit_others_posts",
                _("Can see and change other authors' posts, drafts included"),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:200]
        self.body_html = render_post_body(self.body, markup=self.markup)
        update_fields = kwargs.get("update_fields")
        searchable = update_fields is None or {"title", "body"} & set(update_fields)
        using = kwargs.get("using") or router.db_for_write(Post, instance=self)
        searchable = searchable and connections[using].vendor == "postgresql"
        if searchable:
            self.search_vector = search_vector(self.title, self.body)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_vector"}
        super().save(*args, **kwargs)
        if searchable:
            # What was saved is an expression: the vector is read again if asked.
            del self.search_vector

    def get_absolute_url(self) -> str:
        local = timezone.localtime(self.published_at)
        return reverse(
            "blog:post_detail",
            kwargs={
                "year": local.year,
                "month": f"{local.month:02d}",
                "slug": self.slug,
            },
        )

    @property
    def cover_srcset(self) -> str:
        """The cover's renditions as an HTML `srcset` value."""
        return ", ".join(
            f"{default_storage.url(r['name'])} {r['width']}w"
            for r in self.cover_renditions
        )

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()
        )


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Page(models.Model):
    """A standalone page such as About or Contact, served at /slug/."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    body = models.TextField(_("body"), help_text=_("Markdown."))
    markup = models.CharField(
        _("markup"),
        max_length=10,
        choices=Post.Markup.choices,
        default=Post.Markup.MARKDOWN,
    )
    body_html = models.TextField(editable=False, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    nav_order = models.PositiveSmallIntegerField(
        _("position in navigation"),
        null=True,
        blank=True,
        help_text=_("Pages with a position are linked from the site navigation."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["nav_order", "title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:100]
        self.body_html = render_post_body(self.body, markup=self.markup)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("blog:page_detail", kwargs={"slug": self.slug})


class ImageQuerySet(OwnedQuerySet):
    owner_field = "uploaded_by"


class Image(models.Model):
    """An image uploaded for use inside post bodies."""

    file = models.ImageField(
        _("file"), upload_to="images/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    renditions = models.JSONField(default=list, blank=True, editable=False)
    alt = models.CharField(_("description"), max_length=250, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.alt or self.file.name


class WordPressRecordQuerySet(models.QuerySet):
    def ids_by_object(self) -> dict[str, dict[int, int]]:
        """`{kind: {object_id: wp_id}}`: the WordPress id each recorded object goes by.

        Imports of several sites may have recorded one id for several objects; the
        newest record keeps it, the others go without (posts and pages share their
        ids, as in WordPress). The WXR export writes these ids, and importing this
        blog's own export reads them back the same way.
        """
        spaces = {self.model.Kind.PAGE: self.model.Kind.POST}
        taken: set[tuple[str, int]] = set()
        ids: dict[str, dict[int, int]] = {kind: {} for kind in self.model.Kind}
        rows = self.order_by("-pk").values_list("kind", "wp_id", "object_id")
        for kind, wp_id, object_id in rows.iterator():
            space = (spaces.get(kind, kind), wp_id)
            if space not in taken and object_id not in ids[kind]:
                taken.add(space)
                ids[kind][object_id] = wp_id
        return ids


class WordPressRecord(models.Model):
    """What a WXR import made of one WordPress object, found again by its id.

    WordPress ids are unique only within one site, so a record names its site.
    Re-running an import skips what is recorded here; `/?p=ID` and the old
    permalink paths of posts and pages redirect through it.
    """

    class Kind(models.TextChoices):
        AUTHOR = "author", _("Author")
        POST = "post", _("Post")
        PAGE = "page", _("Page")
        COMMENT = "comment", _("Comment")
        ATTACHMENT = "attachment", _("Attachment")

    # `example.com/blog`: the address without scheme or "www." (see the importer's
    # `site_key`); empty for a file that names no site, and for records made
    # before sites were recorded (migration 0007 says when an import adopts them).
    site = models.CharField(max_length=255, blank=True, default="")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    wp_id = models.PositiveBigIntegerField()
    object_id = models.PositiveBigIntegerField()
    old_path = models.CharField(max_length=500, blank=True)
    old_url = models.URLField(max_length=1000, blank=True)

    objects = WordPressRecordQuerySet.as_manager()

    class Meta:
        constraints = [
            # Kind and id first: `/?p=ID` looks records up by them, across sites.
            models.UniqueConstraint(
                fields=["kind", "wp_id", "site"], name="wp_record_unique_in_site"
            )
        ]
        indexes = [
            # Old permalinks are looked up among posts and pages only (blog.
            # middleware): the records of comments, most rows, stay out of it.
            models.Index(
                fields=["old_path"],
                name="wp_record_old_path_idx",
                condition=models.Q(kind__in=["post", "page"]),
            )
        ]

    def __str__(self) -> str:
        site = self.site or "unnamed site"
        return f"{self.kind} {self.wp_id} of {site} → {self.object_id}"
