"""What readers, the author and moderators do, end to end in a real browser, under
the site's real security headers: every page visited is photographed, and any
console error (a CSP violation included) fails the test (the `page` fixture checks
it; pages of other browser contexts check it here)."""

import io
import json
import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from accounts.providers import social_providers_from_env
from blog.models import Post
from comments.models import Comment
from tests.accounts.oidc_provider import LoopbackOIDCProvider
from tests.e2e.helpers import ConsoleErrors, demo_load, log_in, shot

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db, settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0
    return demo_load()


def deep_comment(post: Post) -> Comment:
    """An approved comment three levels deep (a reply to a reply to a reply)."""
    return (
        Comment.objects.filter(post=post, level=2, status=Comment.Status.APPROVED)
        .order_by("tree_id", "lft")
        .first()
    )


def reply_as_guest(page: Page, comment: Comment, text: str) -> Comment:
    page.click(f"#div-comment-{comment.pk} a.comment-reply-link")
    page.fill("#id_author_name", "Quinn Reader")
    page.fill("#id_author_email", "quinn@example.test")
    page.fill("#id_body", text)
    page.click("#commentform button[type=submit]")
    expect(page.locator(".comment-awaiting-moderation")).to_be_visible()
    return Comment.objects.get(body__contains=text)


def test_a_guest_replies_three_levels_deep_and_only_they_see_it_held(
    live_server, page: Page, browser, demo, screenshot_dir
):
    target = deep_comment(demo)
    name = target.get_author_name()
    page.goto(live_server.url + demo.get_absolute_url())
    expect(
        page.locator("#comments ol.children ol.children ol.children").first
    ).to_be_visible()
    shot(page, screenshot_dir, "flow-demo-post")

    page.click(f"#div-comment-{target.pk} a.comment-reply-link")
    expect(page.locator(f"#comment-{target.pk} > #respond")).to_be_visible()
    expect(page.locator("#reply-title")).to_contain_text(f"Leave a Reply to {name}")
    page.click("#cancel-comment-reply-link")
    expect(page.locator(f"#comment-{target.pk} > #respond")).to_have_count(0)
    expect(page.locator("#reply-title")).to_contain_text("Leave a Reply")
    expect(page.locator("#reply-title")).not_to_contain_text(name)

    reply = reply_as_guest(page, target, "A guest's reply, deep in the thread.")
    held = page.locator(f"#comment-{target.pk} > ol.children > #comment-{reply.pk}")
    expect(held.locator(".comment-awaiting-moderation")).to_have_text(
        "Your comment is awaiting moderation."
    )
    assert reply.status == Comment.Status.PENDING
    shot(page, screenshot_dir, "flow-guest-reply-held")

    other = browser.new_context()
    try:
        stranger = other.new_page()
        stranger.set_default_timeout(5_000)
        stranger_errors = ConsoleErrors(stranger)
        stranger.goto(live_server.url + demo.get_absolute_url())
        expect(stranger.locator(f"#div-comment-{target.pk}")).to_be_visible()
        expect(stranger.locator(f"#comment-{reply.pk}")).to_have_count(0)
        assert stranger_errors.messages == []
    finally:
        other.close()


def test_a_moderator_approves_in_place_and_the_reader_finds_it_nested(
    live_server, page: Page, browser, demo, screenshot_dir
):
    target = deep_comment(demo)
    page.goto(live_server.url + demo.get_absolute_url())
    reply = reply_as_guest(page, target, "Held until a moderator reads it.")

    moderator_context = browser.new_context()
    try:
        moderator = moderator_context.new_page()
        moderator.set_default_timeout(5_000)
        moderator_errors = ConsoleErrors(moderator)
        log_in(moderator, live_server, "mod", demo.get_absolute_url())
        held = moderator.locator(f"#comment-{reply.pk}")
        expect(held.locator(".comment-moderation-status")).to_contain_text("Pending")
        shot(moderator, screenshot_dir, "flow-moderator-sees-pending")
        held.locator("button.moderation-approve").click()
        expect(moderator.locator(".comment-moderation-message")).to_have_text(
            "Comment approved."
        )
        assert moderator_errors.messages == []
    finally:
        moderator_context.close()

    page.reload()
    nested = page.locator(f"#comment-{target.pk} > ol.children > #comment-{reply.pk}")
    expect(nested).to_contain_text("Held until a moderator reads it.")
    expect(nested.locator(".comment-awaiting-moderation")).to_have_count(0)
    shot(page, screenshot_dir, "flow-reader-sees-approved")


def test_a_moderator_removes_a_comment_and_its_replies_stay(
    live_server, page: Page, demo, screenshot_dir
):
    parent = (
        Comment.objects.filter(post=demo, level=1, status=Comment.Status.APPROVED)
        .filter(children__status=Comment.Status.APPROVED)
        .distinct()
        .first()
    )
    replies = list(parent.children.filter(status=Comment.Status.APPROVED))
    log_in(page, live_server, "mod", demo.get_absolute_url())
    page.locator(f"#div-comment-{parent.pk} button.moderation-remove").click()
    expect(page.locator(".comment-moderation-message")).to_contain_text("removed")

    expect(
        page.locator(f"#comment-{parent.pk} .comment-removed").first
    ).to_contain_text("This comment was removed.")
    for reply in replies:
        expect(
            page.locator(f"#comment-{parent.pk} > ol.children > #comment-{reply.pk}")
        ).to_contain_text(reply.body_html and reply.get_author_name())
    shot(page, screenshot_dir, "flow-moderator-removed")
    page.context.clear_cookies()
    page.reload()
    expect(page.locator(f"#comment-{parent.pk} .comment-removed").first).to_be_visible()
    expect(page.locator(f"#comment-{replies[0].pk}")).to_be_visible()


def cover_png(tmp_path) -> str:
    image = Image.new("RGB", (1200, 675), (40, 90, 160))
    for x in range(0, 1200, 60):
        for y in range(0, 675, 45):
            image.putpixel((x, y), (250, 200, 60))
    path = tmp_path / "harbour.png"
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


MARKDOWN = """Tide tables, in a table and in code.

| Port | High water |
|------|-----------:|
| Brest | 06:12 |
| Cork | 07:40 |

```python
def high_water(port):
    return TABLE[port]
```
"""


def test_the_author_writes_previews_and_publishes_a_post_with_a_cover(
    live_server, page: Page, demo, screenshot_dir, tmp_path
):
    log_in(page, live_server, "dana", "/admin/blog/post/add/")
    page.fill("#id_title", "Tide tables")
    page.fill("#id_body", MARKDOWN)
    page.select_option("#id_markup", "markdown")
    page.select_option("#id_status", "published")
    page.set_input_files("#id_cover_image", cover_png(tmp_path))
    page.fill("#id_cover_alt", "A blue harbour at dawn.")
    expect(page.locator("#id_cover_image + figure img")).to_be_visible()
    shot(page, screenshot_dir, "flow-admin-add-post")

    with page.context.expect_page() as opened:
        page.click("input[name=_preview]")
    preview = opened.value
    preview_errors = ConsoleErrors(preview)
    preview.wait_for_load_state()
    content = preview.locator("article.post .entry-content")
    expect(content.locator("table td").first).to_have_text("Brest")
    expect(content.locator(".highlight .k").first).to_have_text("def")
    high_water = content.locator("table td").nth(1)
    assert high_water.evaluate("td => getComputedStyle(td).textAlign") == "right"
    shot(preview, screenshot_dir, "flow-admin-preview")
    assert preview_errors.messages == []
    preview.close()

    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    post = Post.objects.get(title="Tide tables")
    assert post.status == Post.Status.PUBLISHED and post.cover_image

    page.goto(live_server.url + "/")
    summary = page.locator("article", has=page.locator("text=Tide tables")).first
    thumbnail = summary.locator(".post-summary-cover img")
    expect(thumbnail).to_be_visible()
    # Visible is not loaded: wait (within the page's timeout) for the image itself.
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    shot(page, screenshot_dir, "flow-home-with-new-post")

    page.goto(live_server.url + post.get_absolute_url())
    expect(page.locator("article table th").first).to_have_text("Port")
    expect(page.locator("article .highlight .k").first).to_have_text("def")
    cover = page.locator("article img").first
    expect(cover).to_have_attribute("alt", "A blue harbour at dawn.")
    shot(page, screenshot_dir, "flow-new-post")


@pytest.fixture
def oidc(settings):
    with LoopbackOIDCProvider() as provider:
        entry = {
            "id": "loopback",
            "name": "Loopback ID",
            "server_url": provider.issuer,
            "client_id": provider.client_id,
            "secret": provider.secret,
        }
        settings.SOCIALACCOUNT_PROVIDERS = social_providers_from_env(
            {"OIDC_PROVIDERS": json.dumps([entry])}
        )
        yield provider


def test_a_reader_signs_in_from_the_comment_form_and_comments_as_their_account(
    live_server, page: Page, demo, oidc, screenshot_dir
):
    url = live_server.url + demo.get_absolute_url()
    page.goto(url)
    page.fill("#id_body", "Written before signing in.")
    shot(page, screenshot_dir, "flow-oidc-form")
    page.click("button[name=provider][value=loopback]")
    shot(page, screenshot_dir, "flow-oidc-confirm")
    page.locator("main form button[type=submit], form button[type=submit]").last.click()
    page.wait_for_url(re.compile(re.escape(demo.get_absolute_url())))

    expect(page.locator("#id_body")).to_have_value("Written before signing in.")
    expect(page.locator("#respond")).to_contain_text("Ada Lovelace")
    shot(page, screenshot_dir, "flow-oidc-back")
    page.click("#commentform button[type=submit]")
    expect(page.locator(".comment-list")).to_contain_text("Written before signing in.")

    comment = Comment.objects.get(body__contains="Written before signing in.")
    assert comment.user is not None and comment.user.email == "ada@example.test"
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("Ada Lovelace")
    shot(page, screenshot_dir, "flow-oidc-commented")


def test_the_reply_flow_works_with_the_keyboard_alone(
    live_server, page: Page, demo, screenshot_dir
):
    target = deep_comment(demo)
    page.goto(live_server.url + demo.get_absolute_url())
    reply_link = page.locator(f"#div-comment-{target.pk} a.comment-reply-link")
    for _ in range(400):
        page.keyboard.press("Tab")
        if reply_link.evaluate("link => link === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the Reply link")
    page.keyboard.press("Enter")
    expect(page.locator("#id_body")).to_be_focused()
    page.keyboard.type("Typed without a mouse.")
    page.keyboard.press("Tab")  # the details come after the text, as shown
    expect(page.locator("#id_author_name")).to_be_focused()
    page.keyboard.type("Kim Keys")
    page.keyboard.press("Tab")
    page.keyboard.type("kim@example.test")
    expect(page.locator("#id_author_email")).to_have_value("kim@example.test")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "submit":
            break
    else:
        pytest.fail("Tab never reached the Post Comment button")
    shot(page, screenshot_dir, "flow-keyboard-before-submit")
    page.keyboard.press("Enter")
    expect(page.locator(".comment-awaiting-moderation")).to_be_visible()

    reply = Comment.objects.get(body__contains="Typed without a mouse.")
    assert reply.parent_id == target.pk
    expect(
        page.locator(f"#comment-{reply.pk} .comment-awaiting-moderation")
    ).to_be_visible()
    shot(page, screenshot_dir, "flow-keyboard-after-submit")


def test_a_phone_reads_the_post_and_replies(live_server, browser, demo, screenshot_dir):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.set_default_timeout(5_000)
        errors = ConsoleErrors(page)
        page.goto(live_server.url + demo.get_absolute_url())
        overflow = page.evaluate(
            "document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        shot(page, screenshot_dir, "flow-phone-post")
        target = deep_comment(demo)
        page.locator(f"#div-comment-{target.pk} a.comment-reply-link").tap()
        expect(page.locator(f"#comment-{target.pk} > #respond")).to_be_visible()
        form_box = page.locator("#commentform").bounding_box()
        assert form_box["x"] >= 0 and form_box["x"] + form_box["width"] <= 375
        reply = reply_as_guest(page, target, "Sent from a phone.")
        assert reply.parent_id == target.pk
        shot(page, screenshot_dir, "flow-phone-reply")
        assert errors.messages == []
    finally:
        context.close()


def test_a_signed_in_moderator_sees_no_console_error_on_the_admin_pages(
    live_server, page: Page, demo, screenshot_dir
):
    log_in(page, live_server, "admin", "/admin/")
    for path, name in [
        ("/admin/", "admin-index"),
        ("/admin/blog/post/", "admin-posts"),
        (f"/admin/blog/post/{demo.pk}/change/", "admin-post-change"),
        ("/admin/comments/comment/", "admin-comments"),
        ("/admin/blog/image/add/", "admin-image-add"),
    ]:
        page.goto(live_server.url + path)
        expect(page.locator("#content")).to_be_visible()
        shot(page, screenshot_dir, name)
