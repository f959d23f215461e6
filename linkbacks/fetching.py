"""Fetching another site's page, bounded, and never inside our own network.

Every connection, the first and each redirect's, resolves the host itself, refuses
it when any of its addresses is loopback, private, link-local, multicast or
otherwise not global (unless `LINKBACKS_ALLOW_PRIVATE`, for tests and local
trials), and connects to the address it checked, so that a second DNS answer
cannot point it elsewhere. A body is read up to `LINKBACKS_MAX_BYTES` and for at
most `LINKBACKS_FETCH_SECONDS`; what comes after is cut off.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass

import requests
import urllib3
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

MAX_REDIRECTS = 5
USER_AGENT = "Colloquy linkbacks (+https://www.w3.org/TR/webmention/)"


class AddressRefused(ValueError):
    """The host resolves to an address of our own network, or to none."""


class FetchFailed(Exception):
    """The other site could not be reached or answered badly; it may pass."""


def public_address(host: str) -> str:
    """The address to connect to for `host`: the first it resolves to, once every
    address it resolves to is checked. Raises AddressRefused."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise AddressRefused(f"{host} does not resolve") from error
    addresses = [info[4][0] for info in infos]
    if not settings.LINKBACKS_ALLOW_PRIVATE:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            mapped = getattr(ip, "ipv4_mapped", None)
            for candidate in filter(None, (ip, mapped)):
                if not candidate.is_global or candidate.is_multicast:
                    raise AddressRefused(f"{host} resolves to {address}")
    return addresses[0]


class _CheckedConnection(HTTPConnection):
    def _new_conn(self):
        self._dns_host = public_address(self.host)
        return super()._new_conn()


class _CheckedHTTPSConnection(HTTPSConnection):
    def _new_conn(self):
        # The certificate is still checked against the host name (self.host).
        self._dns_host = public_address(self.host)
        return super()._new_conn()


class _CheckedPool(HTTPConnectionPool):
    ConnectionCls = _CheckedConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class _CheckedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _CheckedPool,
            "https": _CheckedHTTPSPool,
        }


def checked_session() -> requests.Session:
    """A requests session whose every connection goes through `public_address`,
    with no proxy from the environment (a proxy would connect for us, unchecked)."""
    session = requests.Session()
    session.trust_env = False
    session.max_redirects = MAX_REDIRECTS
    session.headers["User-Agent"] = USER_AGENT
    adapter = _CheckedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    headers: requests.structures.CaseInsensitiveDict
    link_header: str
    text: str
    truncated: bool


def _body(response: requests.Response) -> tuple[bytes, bool]:
    """At most LINKBACKS_MAX_BYTES of the body, read for at most
    LINKBACKS_FETCH_SECONDS: a huge or endless page is cut off."""
    limit = settings.LINKBACKS_MAX_BYTES
    deadline = time.monotonic() + settings.LINKBACKS_FETCH_SECONDS
    chunks, size = [], 0
    # read1 gives what has arrived, at most 64 KiB: iter_content would wait for a
    # whole 64 KiB, which a page dripping a few bytes at a time takes minutes to send.
    while chunk := response.raw.read1(64 * 1024, decode_content=True):
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit or time.monotonic() > deadline:
            response.close()
            return b"".join(chunks)[:limit], True
    return b"".join(chunks), False


def _request(method: str, url: str, **kwargs) -> requests.Response:
    if not url.lower().startswith(("http://", "https://")):
        raise AddressRefused(f"not an http(s) address: {url}")
    timeout = settings.LINKBACKS_FETCH_SECONDS
    try:
        return checked_session().request(
            method, url, timeout=(timeout, timeout), stream=True, **kwargs
        )
    except requests.RequestException as error:
        raise FetchFailed(f"{method} {url}: {error}") from error


def fetch(url: str) -> Fetched:
    """GET `url` within the limits. Raises AddressRefused or FetchFailed."""
    response = _request("GET", url)
    with response:
        try:
            content, truncated = _body(response)
        except (requests.RequestException, urllib3.exceptions.HTTPError) as error:
            raise FetchFailed(f"GET {url}: {error}") from error
        encoding = response.encoding or "utf-8"
        try:
            text = content.decode(encoding, errors="replace")
        except LookupError:
            text = content.decode("utf-8", errors="replace")
        return Fetched(
            url=response.url,
            status=response.status_code,
            headers=response.headers,
            link_header=response.headers.get("Link", ""),
            text=text.replace("\x00", ""),
            truncated=truncated,
        )


def post(url: str, **kwargs) -> Fetched:
    """POST to `url` (an endpoint), within the same limits and checks."""
    response = _request("POST", url, allow_redirects=False, **kwargs)
    with response:
        try:
            content, truncated = _body(response)
        except (requests.RequestException, urllib3.exceptions.HTTPError) as error:
            raise FetchFailed(f"POST {url}: {error}") from error
        return Fetched(
            url=response.url,
            status=response.status_code,
            headers=response.headers,
            link_header=response.headers.get("Link", ""),
            text=content.decode("utf-8", errors="replace"),
            truncated=truncated,
        )
