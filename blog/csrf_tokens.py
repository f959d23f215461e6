"""The comment form's CSRF token, as Django makes it, from fewer system calls.

`django.middleware.csrf.get_token` draws each of the token's random characters with
its own read of the operating system's generator: 32 for the mask on every page, 32
more for the secret of a reader without one. On a post page kept whole that was the
largest cost beyond the framework floor. The token here is the same, from one read
for each.
"""

import os

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

# Each byte value below 248 (4 x 62) stands for one of the 62 characters of a CSRF
# token, every character for four of them; the other eight values are dropped.
_CHAR_OF_BYTE = bytes(
    ord(CSRF_ALLOWED_CHARS[value % len(CSRF_ALLOWED_CHARS)]) for value in range(248)
) + bytes(8)
_DROPPED_BYTES = bytes(range(248, 256))
_CHAR_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}


def csrf_random_string(length: int) -> str:
    """`length` characters of `CSRF_ALLOWED_CHARS`, each drawn uniformly from the
    operating system's generator, as `django.utils.crypto.get_random_string` draws
    them, but from one read of it rather than one read a character."""
    chars = b""
    while len(chars) < length:
        raw = os.urandom(length + 16)
        chars += raw.translate(_CHAR_OF_BYTE, _DROPPED_BYTES)
    return chars[:length].decode()


def csrf_token(request) -> str:
    """The reader's CSRF token, as `django.middleware.csrf.get_token` makes it: a new
    secret (and its cookie) for a reader who has none, masked afresh on every page."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = csrf_random_string(CSRF_SECRET_LENGTH)
        request.META["CSRF_COOKIE"] = secret
    # As get_token does: the middleware sends the cookie, or renews its expiry.
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = csrf_random_string(CSRF_SECRET_LENGTH)
    count, index = len(CSRF_ALLOWED_CHARS), _CHAR_INDEX
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(index[s] + index[m]) % count]
        for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher
