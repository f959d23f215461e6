"""A WXR file made to hurt: entity tricks, characters no field may hold, fields
larger than any column. The import refuses what it cannot take whole, keeps nothing
of a refused file and loses nothing already there, and cleans what it takes."""

import http.server
import io
import threading

import pytest
from django.contrib.auth import get_user_model

from blog.importers.wxr import WxrImportError, import_wxr
from blog.models import Post, Tag
from comments.models import Comment
from tests.blog.helpers import ONE, TWO, comment, hello, item, wxr

LAUGHS = "".join(
    f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
).replace("&lol0;", "lol")


def with_doctype(doctype: str, *items: str):
    """A WordPress export from TWO, with `doctype` before its root element."""
    text = wxr(*items, site=TWO).getvalue()
    return wxr_text(text.replace("?>\n", f"?>\n{doctype}\n", 1))


def wxr_text(text: str) -> io.StringIO:
    return io.StringIO(text)


@pytest.fixture
def already_there(db):
    import_wxr(wxr(hello(ONE, "Ann", "Bob")))
    return Post.objects.get()


def assert_only(post) -> None:
    """Nothing but `post` and its two comments: the refused file left nothing."""
    assert list(Post.objects.all()) == [post]
    assert Comment.objects.count() == 2
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["olga"]


@pytest.fixture
def loopback_server():
    """An HTTP server on loopback that records every path asked of it."""
    asked = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY fetched "FETCHED">')

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()


def test_an_entity_bomb_is_refused_and_nothing_there_is_lost(already_there):
    bomb = with_doctype(
        f"<!DOCTYPE rss [{LAUGHS}]>",
        item(10, "bomb").replace(">bomb</title>", ">&lol9;</title>"),
    )
    with pytest.raises(WxrImportError, match="declares a document type"):
        import_wxr(bomb)
    assert_only(already_there)


def test_an_external_entity_naming_a_file_here_is_refused(already_there, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    xxe = with_doctype(
        f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>',
        item(10, "xxe").replace(">xxe</title>", ">&xxe;</title>"),
    )
    with pytest.raises(WxrImportError, match="read this server's files"):
        import_wxr(xxe)
    assert_only(already_there)


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rss SYSTEM "{server}/rss.dtd">',
        '<!DOCTYPE rss [<!ENTITY % remote SYSTEM "{server}/p.dtd"> %remote;]>',
        '<!DOCTYPE rss [<!ENTITY fetched SYSTEM "{server}/e.xml">]>',
    ],
    ids=["external DTD", "parameter entity", "external entity"],
)
def test_an_address_in_a_doctype_is_never_fetched(
    already_there, loopback_server, doctype
):
    server, asked = loopback_server
    hostile = with_doctype(doctype.format(server=server), item(10, "fetch"))
    with pytest.raises(WxrImportError, match="declares a document type"):
        import_wxr(hostile)
    assert asked == []
    assert_only(already_there)


def test_even_a_harmless_entity_is_refused_with_the_reason(already_there):
    named = with_doctype(
        '<!DOCTYPE rss [<!ENTITY name "Olga">]>',
        item(10, "named").replace(">named</title>", ">&name;</title>"),
    )
    with pytest.raises(WxrImportError, match="no WordPress export has"):
        import_wxr(named)
    assert_only(already_there)


@pytest.mark.parametrize(
    "written", ["&#0;", "\x00", "&#1;", "\x1b", "&#xFFFE;"], ids=repr
)
def test_a_character_xml_forbids_is_refused_at_its_line(already_there, written):
    title = item(10, "bad").replace(">bad</title>", f">Bad{written}</title>")
    with pytest.raises(WxrImportError, match="not well-formed XML at line 4"):
        import_wxr(wxr(title, site=TWO))
    assert_only(already_there)


C1_DEL_BIDI = "\x7f\x9b\u202e"  # allowed by XML 1.0, kept by no name
CONTROL = "\x7f\x9b"  # a body keeps bidi controls (blog.text), loses these


def test_control_and_bidi_characters_are_cleaned_from_every_field(db):
    author = (
        f"<wp:author><wp:author_id>3</wp:author_id>"
        f"<wp:author_login>ol{C1_DEL_BIDI}ga</wp:author_login>"
        f"<wp:author_email>olga{C1_DEL_BIDI}@example.com</wp:author_email>"
        f"<wp:author_display_name>Olga{C1_DEL_BIDI}</wp:author_display_name>"
        "</wp:author>"
    )
    reply = (
        comment(1, f"Ann{C1_DEL_BIDI}")
        .replace("By Ann", f"By{CONTROL} Ann")
        .replace(
            "<wp:comment_approved>",
            f"<wp:comment_author_email>ann{C1_DEL_BIDI}@example.com"
            "</wp:comment_author_email><wp:comment_approved>",
        )
    )
    post = (
        item(10, "hello", reply)
        .replace(
            "<wp:post_type>",
            f'<category domain="post_tag" nicename="t">Ta{C1_DEL_BIDI}g</category>'
            f"<content:encoded>Bo{CONTROL}dy\n\tend</content:encoded>"
            f"<excerpt:encoded>Ex{CONTROL}cerpt</excerpt:encoded><wp:post_type>",
        )
        .replace(">olga<", f">ol{C1_DEL_BIDI}ga<")
    )
    document = (
        wxr(author, post)
        .getvalue()
        .replace(
            "xmlns:wp=",
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:wp=',
        )
    )

    import_wxr(wxr_text(document))

    imported = Post.objects.get()
    user = get_user_model().objects.get()
    reader = Comment.objects.get()
    assert (user.username, user.email, user.display_name) == (
        "olga",
        "olga@example.com",
        "Olga",
    )
    assert imported.author == user
    assert (imported.body, imported.excerpt) == ("Body\n\tend", "Excerpt")
    assert Tag.objects.get().name == "Tag"
    assert (reader.author_name, reader.author_email, reader.body) == (
        "Ann",
        "ann@example.com",
        "By Ann\u202e.",  # its author's name as written, bidi kept in a body
    )


def test_an_email_that_is_no_email_address_is_left_out(db):
    reply = comment(1, "Ann").replace(
        "<wp:comment_approved>",
        "<wp:comment_author_email>not an address</wp:comment_author_email>"
        "<wp:comment_approved>",
    )
    import_wxr(wxr(item(10, "hello", reply)))
    assert Comment.objects.get().author_email == ""


HUGE = 100_000


def test_fields_larger_than_their_columns_are_cut_to_fit(db):
    """On PostgreSQL a value longer than its column is an error; SQLite would
    store it whole."""
    long = "x" * HUGE
    author = (
        f"<wp:author><wp:author_id>3</wp:author_id>"
        f"<wp:author_login>{long}</wp:author_login>"
        f"<wp:author_email>{long}@example.com</wp:author_email>"
        f"<wp:author_display_name>{long}</wp:author_display_name>"
        f"<wp:author_first_name>{long}</wp:author_first_name>"
        f"<wp:author_last_name>{long}</wp:author_last_name>"
        "</wp:author>"
    )
    reply = (
        comment(1, long)
        .replace("By ", f"By {long}")
        .replace(
            "<wp:comment_approved>",
            f"<wp:comment_author_email>{long}@example.com</wp:comment_author_email>"
            f"<wp:comment_author_url>https://example.com/{long}</wp:comment_author_url>"
            f"<wp:comment_author_IP>{long}</wp:comment_author_IP>"
            "<wp:comment_approved>",
        )
    )
    post = (
        item(10, "hello", reply)
        .replace(">hello</title>", f">{long}</title>")
        .replace("<wp:post_name>hello", f"<wp:post_name>{long}")
        .replace(">olga<", f">{long}<")
        .replace(
            "<wp:post_type>",
            f'<category domain="post_tag" nicename="{long}">{long}</category>'
            f"<wp:post_password>{long}</wp:post_password><wp:post_type>",
        )
    )

    import_wxr(wxr(author, post))

    imported = Post.objects.get()
    user = get_user_model().objects.get()
    reader = Comment.objects.get()
    assert imported.author == user
    assert (len(imported.title), len(imported.slug)) == (200, 194)
    assert len(user.username) == 150
    assert (len(user.display_name), len(user.first_name)) == (100, 150)
    assert user.email == ""  # cut, it would be another address: left out
    assert len(Tag.objects.get().name) == 60
    assert len(reader.author_name) == 100
    assert (reader.author_email, reader.author_url, reader.ip_address) == ("", "", None)
    assert len(reader.body) == 2 * HUGE + len("By .")  # its author's name twice


@pytest.mark.parametrize("written", ["-5", "0", str(2**63), "12abc"])
@pytest.mark.parametrize("field", ["post_id", "comment_id"])
def test_an_id_no_wordpress_writes_is_refused_by_name(already_there, field, written):
    bad = item(10, "bad", comment(1, "Cid")).replace(
        f"<wp:{field}>{10 if field == 'post_id' else 1}<", f"<wp:{field}>{written}<"
    )
    with pytest.raises(WxrImportError, match=f"the id “{written}”, which is no"):
        import_wxr(wxr(bad, site=TWO))
    assert_only(already_there)


def test_a_comment_number_no_site_reaches_is_not_kept_nor_moves_later_ids(db):
    far = comment(1, "Ann").replace("<wp:comment_id>1<", f"<wp:comment_id>{2**62}<")
    import_wxr(wxr(item(10, "hello", far)))
    imported = Comment.objects.get()
    later = Comment.objects.create(post=imported.post, body="Later.")
    assert imported.pk < 1_000_000_000
    assert later.pk == imported.pk + 1
