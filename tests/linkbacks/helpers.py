"""Another blog, served on loopback by a real HTTP server: the pages it serves and
what was sent to it."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


@dataclass
class Served:
    body: bytes = b""
    status: int = 200
    headers: dict = field(default_factory=lambda: {"Content-Type": "text/html"})
    # A body sent this many times over, slowly: an endless page.
    repeat: int = 1
    delay: float = 0.0


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes

    @property
    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


class OtherSite:
    """An HTTP server on 127.0.0.1: `serve(path, ...)` sets what a path answers;
    every POST it got is in `received`."""

    def __init__(self):
        self.pages: dict[str, Served] = {}
        self.received: list[Received] = []
        self.requested: list[str] = []  # every path asked for, in order
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self):
                site.requested.append(self.path)
                served = site.pages.get(self.path, Served(b"Not found", 404))
                self.send_response(served.status)
                for name, value in served.headers.items():
                    for one in value if isinstance(value, list) else [value]:
                        self.send_header(name, one)
                if served.repeat == 1:
                    self.send_header("Content-Length", str(len(served.body)))
                self.end_headers()
                try:
                    for _ in range(served.repeat):
                        self.wfile.write(served.body)
                        if served.delay:
                            time.sleep(served.delay)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self):
                self._answer()

            def do_HEAD(self):
                self._answer()

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                site.received.append(
                    Received(self.path, dict(self.headers), self.rfile.read(length))
                )
                self._answer()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body: str | bytes = b"", **options) -> str:
        if isinstance(body, str):
            body = body.encode()
        self.pages[path] = Served(body=body, **options)
        return self.url(path)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def page_linking_to(
    target: str, *, title="A reply elsewhere", text="I agree with"
) -> str:
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f'<p>{text} <a href="{target}">this post</a>.</p></body></html>'
    )


def h_entry_linking_to(target: str, *, author="Cid Blogger", name="Cid's answer"):
    return (
        "<!doctype html><html><head><title>Page title</title></head><body>"
        '<article class="h-entry">'
        f'<h1 class="p-name">{name}</h1>'
        f'<a class="p-author h-card" href="/">{author}</a>'
        '<div class="e-content"><p>Replying to '
        f'<a class="u-in-reply-to" href="{target}">that post</a>: well said.</p></div>'
        "</article></body></html>"
    )
