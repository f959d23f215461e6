"""The background work of linkbacks: checking a mention received, telling other
sites of our links (sending)."""

import logging

from django_tasks import task

from blog.models import Post
from config.background import retry_later

from .fetching import AddressRefused, FetchFailed, fetch
from .mentions import mention_of
from .storing import linkback_record

logger = logging.getLogger(__name__)

_GONE = {404, 410}


class SourceUnreachable(Exception):
    """The source could not be fetched this time; it is tried again later."""


@task()
def linkback_verify(
    *,
    post_id: int,
    kind: str,
    source: str,
    target: str,
    ip_address: str | None,
    attempt: int = 1,
) -> str:
    """Fetch `source`, check that it links to `target` (our post), and store,
    update or remove its linkback. Returns what was done, for the admin's list."""
    post = Post.objects.published().filter(pk=post_id).first()
    if post is None:
        return "The post is gone."
    try:
        page = fetch(source)
    except AddressRefused as refused:
        logger.warning("Linkback from %s refused: %s", source, refused)
        return f"Refused: {refused}"
    except FetchFailed as failed:
        retry_later(
            linkback_verify,
            attempt=attempt,
            post_id=post_id,
            kind=kind,
            source=source,
            target=target,
            ip_address=ip_address,
        )
        raise SourceUnreachable(f"Attempt {attempt}: {failed}") from failed
    if page.status in _GONE:
        mention = None
    elif page.status >= 400:
        return f"The source answered {page.status}."
    else:
        is_html = "html" in page.headers.get("Content-Type", "text/html").lower()
        mention = mention_of(
            html=page.text, url=page.url, target=target, is_html=is_html
        )
    comment = linkback_record(
        post=post, kind=kind, source=source, mention=mention, ip_address=ip_address
    )
    if comment is None:
        return "The source does not link to the post."
    return f"Linkback {comment.pk} is {comment.status}."
