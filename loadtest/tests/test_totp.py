"""The load test's operator logs in with the code an authenticator app would show."""

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from loadtest import totp
from metis.demo.territory import DEMO_TOTP_SECRET


def test_the_codes_are_allauths():
    assert (totp.PERIOD, totp.DIGITS) == (app_settings.TOTP_PERIOD, app_settings.TOTP_DIGITS)
    for at in (0, 59, 1_700_000_000, 1_796_000_123):
        expected = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, at // totp.PERIOD))
        assert totp.code(DEMO_TOTP_SECRET, at) == expected


def test_rfc_6238_reference_value():
    """RFC 6238, appendix B: SHA-1, secret "12345678901234567890", T = 59 s → 94287082 (8
    digits): its last six."""
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base 32 of the RFC's ASCII secret
    assert totp.code(secret, 59) == "287082"
