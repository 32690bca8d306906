"""The operator's second factor in the load test: the code an authenticator app shows (RFC 6238:
HMAC-SHA1 over the 30-second period, 6 digits, as allauth checks it). The Locust process runs
without Django, so allauth's own functions cannot be imported there; this one is tested equal
to them (loadtest/tests/test_totp.py)."""

import base64
import hashlib
import hmac
import struct
import time

PERIOD = 30
DIGITS = 6


def code(secret: str, at: float | None = None) -> str:
    """The code of `secret` (base 32) at the time `at` (now by default)."""
    counter = int(time.time() if at is None else at) // PERIOD
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**DIGITS:0{DIGITS}}"
