"""What the post page needs to show a post's discussion (public to the blog app)."""


def thread_context(request, post) -> dict:
    """Context for `comments/section.html` under a post."""
    return {}
