"""The signed links of a visitor's registration (docs/events.md, "Registering without an
account"): one to confirm the e-mail address, one to cancel. Each names the registration and
its e-mail, and is refused once altered; the confirmation link expires after a week."""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from metis.core.mail import absolute_url

from .models import Registration

CONFIRM = "confirm"
CANCEL = "cancel"
SALTS = {CONFIRM: "metis.events.confirm", CANCEL: "metis.events.cancel"}
VALIDITY = {CONFIRM: datetime.timedelta(days=7), CANCEL: None}
URL_NAMES = {CONFIRM: "events:confirm", CANCEL: "events:cancel_link"}
LINK_INVALID = _("This link is not valid any more: register again from the event's page.")


def registration_token(registration, purpose: str) -> str:
    return signing.dumps({"r": registration.pk, "e": registration.email}, salt=SALTS[purpose])


def registration_link(registration, purpose: str) -> str:
    return absolute_url(
        reverse(URL_NAMES[purpose], args=[registration_token(registration, purpose)])
    )


def registration_link_read(token: str, purpose: str) -> Registration:
    """The registration a link was sent for; ValidationError when the link was altered, is too
    old, or the registration's e-mail changed since."""
    try:
        data = signing.loads(token, salt=SALTS[purpose], max_age=VALIDITY[purpose])
        return Registration.objects.select_related("event").get(pk=data["r"], email=data["e"])
    except (signing.BadSignature, KeyError, TypeError, Registration.DoesNotExist):
        raise ValidationError(LINK_INVALID, code="link_invalid") from None
