"""What the services of the mission cycle share: the refusal helpers and the messages several
of them raise.

Every state change is one function `<entity>_<action>(*, …)`, atomic, that checks the state it
starts from (on a row locked with SELECT … FOR UPDATE) and raises ValidationError with one of
the messages of its module. Hours move only through metis.ledger.services (architecture.md).
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from metis.core.hours import quantize

PERIOD_REVERSED = _("The end date must not be before the start date.")
WRONG_STATE = _("This participation is not in a state that allows this.")
REASON_REQUIRED = _("Choose a reason.")
NOT_ENOUGH_HOURS = _("Approval refused: %(detail)s")


def require(condition, message, code="invalid", **params):
    if not condition:
        raise ValidationError(message, code=code, params=params or None)


def locked(model, obj, *related):
    """`obj` read again with its row locked, and the `related` rows read with it (not locked)."""
    rows = model.objects.select_for_update(of=("self",))
    return (rows.select_related(*related) if related else rows).get(pk=obj.pk)


def to_decimal(value) -> Decimal | None:
    try:
        return quantize(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


def checked_reason(reason, choices):
    require(reason in choices.values, REASON_REQUIRED)
    return reason
