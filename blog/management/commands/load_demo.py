import secrets
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import email_mark_verified
from blog.demo.cover import cover_draw
from blog.demo.discussion import AUTHOR, COMMENTERS, DISCUSSION
from blog.demo.posts import POSTS
from blog.images import renditions_make
from blog.models import Post, Tag
from comments.services import comment_approve, comment_create

DEMO_ACCOUNTS = [
    # username, display name, email, superuser, groups
    ("admin", "Site Admin", "admin@example.com", True, []),
    ("dana", "Dana Whitfield", "dana@example.com", False, ["Authors"]),
    ("mod", "Morgan Reyes", "mod@example.com", False, ["Moderators"]),
]

# Comments waiting for a moderator on the demo post: (name, reply to, text); a reply
# names the top-level comment it answers by its position (0: the first).
PENDING_AGENT = "Colloquy demo (held)"
PENDING = [
    (
        "Priya Natarajan",
        None,
        "I read this twice. The part about listening without planning a reply "
        "is the hardest habit I know of, and the one that matters most.",
    ),
    (
        "Tomasz Wolny",
        0,
        "Agreed, and I would add that the quiet friend is often the one who "
        "remembers what you said a year later.",
    ),
    (
        "Deals Bot",
        None,
        "Great post! See https://deals.example/a and https://deals.example/b "
        "and https://deals.example/c for more.",
    ),
]


class Command(BaseCommand):
    help = (
        "Load the demo blog: accounts, posts and a discussion. Only what is missing "
        "is created, so it can run again; passwords are printed once, when created."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            users = {name: self.account(name, *rest) for name, *rest in DEMO_ACCOUNTS}
            author = users["dana"]
            for spec in POSTS:
                post = Post.objects.filter(slug=spec["slug"]).first()
                if post is None:
                    post = self.post_create(spec, author)
                    self.stdout.write(f"Created post “{post.title}”.")
                if spec["slug"] == "real-relationships" and not post.comments.exists():
                    self.discussion_create(post)
                    self.stdout.write(f"Created the discussion on “{post.title}”.")
                held = post.comments.filter(user_agent=PENDING_AGENT)
                if spec["slug"] == "real-relationships" and not held.exists():
                    self.pending_create(post)
                    self.stdout.write(
                        f"Created comments to moderate on “{post.title}”."
                    )

    def account(self, username, display_name, email, superuser, groups):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None:
            self.stdout.write(
                f"Account {username!r} exists (its password was printed when it was "
                f"made; reset it with `manage.py changepassword {username}`)."
            )
            return user
        password = secrets.token_urlsafe(12)
        user = User(
            username=username,
            email=email,
            display_name=display_name,
            is_staff=True,
            is_superuser=superuser,
        )
        user.set_password(password)
        user.save()
        email_mark_verified(user)
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        role = "superuser" if superuser else ", ".join(groups)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created account {username!r} ({role}) with password: {password}"
            )
        )
        return user

    def post_create(self, spec, author):
        post = Post(
            title=spec["title"],
            slug=spec["slug"],
            author=author,
            body=spec["body"],
            excerpt=spec.get("excerpt", ""),
            status=Post.Status.PUBLISHED,
            published_at=datetime(*spec["published_at"], tzinfo=UTC),
        )
        if spec.get("cover"):
            cover = ContentFile(cover_draw())
            post.cover_image.save("real-relationships.jpg", cover, save=False)
            post.cover_alt = "Two overlapping circles of warm and cool light at dusk."
            post.cover_caption = "Two lights that meet halfway."
            post.cover_credit = "Illustration: drawn for the Colloquy demo"
        post.save()
        if post.cover_image:
            post.cover_renditions = renditions_make(post.cover_image)
            post.save(update_fields=["cover_renditions"])
        post.tags.set(Tag.objects.get_or_create(name=name)[0] for name in spec["tags"])
        return post

    def discussion_create(self, post):
        made = {}
        when = post.published_at
        for key, parent_key, who, text in DISCUSSION:
            when += timedelta(hours=3, minutes=17 * len(made))
            if who == AUTHOR:
                user, (name, email, url) = post.author, ("", "", "")
            else:
                user, (name, email, url) = None, COMMENTERS[who]
            comment = comment_create(
                post=post,
                parent=made.get(parent_key),
                user=user,
                author_name=name,
                author_email=email,
                author_url=url,
                body=text,
                ip_address="192.0.2.1",
                user_agent="Colloquy demo",
                created_at=when,
            )
            if comment.status != comment.Status.APPROVED:
                comment = comment_approve(comment=comment)
            made[key] = comment

    def pending_create(self, post):
        """First-time commenters, so the moderation rules hold them."""
        roots = list(post.comments.filter(parent=None).order_by("tree_id"))
        for name, reply_to, text in PENDING:
            comment_create(
                post=post,
                parent=roots[reply_to] if reply_to is not None else None,
                user=None,
                author_name=name,
                author_email=f"{name.split()[0].lower()}@example.net",
                author_url="",
                body=text,
                ip_address="192.0.2.2",
                user_agent=PENDING_AGENT,
            )
