"""The file's authors: each matched to an account here, or given a new one."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from blog.text import single_line

from .elements import _email, _int
from .summary import ImportSummary

USERNAME_MAX_LENGTH = 150  # AbstractUser's


def _name(data: dict, field: str, max_length: int) -> str:
    return single_line(data.get(field, "")).strip()[:max_length]


class Authors:
    """The accounts of the file's authors, by WordPress login (`by_login`) and by
    WordPress user id (`by_wp_id`, which comments name their authors by)."""

    def __init__(self, summary: ImportSummary):
        self.summary = summary
        self.by_login: dict[str, object] = {}
        self.by_wp_id: dict[int, object] = {}

    def read(self, data: dict) -> None:
        """A <wp:author> of the file."""
        login = data.get("wp:author_login", "")
        if not single_line(login).strip():
            return
        self.user(
            login,
            email=_email(data.get("wp:author_email", "")),
            # Names as a form takes them (blog.text), within their columns.
            display_name=_name(data, "wp:author_display_name", 100),
            first_name=_name(data, "wp:author_first_name", 150),
            last_name=_name(data, "wp:author_last_name", 150),
            wp_id=_int(data.get("wp:author_id")),
        )

    def user(self, login: str, *, email: str = "", wp_id: int = 0, **names):
        """The account of the author `login`: the one here with that username or
        email, or a new one without a password. The login is read as a form
        takes a name, within the username's column."""
        login = single_line(login).strip()[:USERNAME_MAX_LENGTH]
        if login in self.by_login:
            return self.by_login[login]
        User = get_user_model()
        match = Q(username__iexact=login)
        if email:
            match |= Q(email__iexact=email)
        user = User.objects.filter(match).order_by("pk").first()
        if user is None:
            user = User(username=login, email=email, **names)
            user.set_unusable_password()
            user.save()
            self.summary.authors_created += 1
        else:
            self.summary.authors_matched += 1
        self.by_login[login] = user
        if wp_id:
            self.by_wp_id[wp_id] = user
        return user

    def default(self):
        """The first author of the file, or an account "wordpress"."""
        if self.by_login:
            return next(iter(self.by_login.values()))
        return self.user("wordpress")
