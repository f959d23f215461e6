"""Post bodies: Markdown (or imported HTML) to sanitized HTML, once, on save."""

import bleach
import markdown


def render_post_body(text: str, *, markup: str = "markdown") -> str:
    """Render a post body to safe HTML."""
    html = text if markup == "html" else markdown.markdown(text)
    return bleach.clean(html, strip=True)
