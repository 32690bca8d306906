"""An association's hours credit told as plain French sentences, newest first, from the lines of
its `credit:<association>` account (what happened, to whom, and the credit left after)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from metis.core.formats import amount as hours_amount
from metis.ledger.enums import AccountKind, PostingEvent
from metis.ledger.models import PostingLine
from metis.needs.models import Participation


@dataclass(frozen=True)
class Movement:
    occurred_on: object
    sentence: str
    hours: Decimal  # signed: + credited, − taken from the credit
    balance_after: Decimal


def _participations(lines) -> dict:
    """The participation each reservation posting concerns (from its reserved_credit line)."""
    postings = [line.posting_id for line in lines]
    references = dict(
        PostingLine.objects.filter(
            posting_id__in=postings, account__kind=AccountKind.RESERVED_CREDIT
        ).values_list("posting_id", "account__reference_id")
    )
    found = Participation.objects.filter(pk__in=set(references.values())).select_related(
        "need", "volunteer"
    )
    by_pk = {p.pk: p for p in found}
    return {posting: by_pk.get(ref) for posting, ref in references.items()}


def _sentence(line, participation) -> str:
    posting = line.posting
    hours = hours_amount(abs(line.amount))
    who = {
        "hours": hours,
        "volunteer": participation.volunteer.get_full_name() if participation else "",
        "need": participation.need.title if participation else "",
    }
    event = posting.event
    if event == PostingEvent.ALLOCATION_VOTED:
        return _("The commune allocated %(hours)s h to the association.") % who
    if event == PostingEvent.RESERVATION_MADE and participation:
        return (
            _("%(hours)s h reserved for %(volunteer)s on “%(need)s”, approved by the employer.")
            % who
        )
    if event == PostingEvent.RESERVATION_RELEASED and participation:
        return _("%(hours)s h not used by %(volunteer)s on “%(need)s” back in the credit.") % who
    if event == PostingEvent.SUBSIDY_CLOSED:
        return _("The subsidy was closed: %(hours)s h left expired.") % who
    if event == PostingEvent.PROGRAMME_CLOSED:
        return _("The programme was closed: %(hours)s h left expired.") % who
    if event == PostingEvent.REVERSAL and posting.reverses_id:
        return _("Correction of the movement of %(date)s: %(sign)s%(hours)s h.") % {
            "date": date_format(posting.reverses.occurred_on, "SHORT_DATE_FORMAT"),
            "sign": "+" if line.amount > 0 else "−",
            "hours": hours,
        }
    if line.amount > 0:
        return _("%(hours)s h added to the credit.") % who
    return _("%(hours)s h taken from the credit.") % who


def credit_history(account, *, limit: int = 20) -> tuple[list[Movement], int]:
    """The `limit` latest movements of a credit account and how many older ones are left out."""
    lines = list(
        PostingLine.objects.filter(account=account)
        .select_related("posting__reverses")
        .order_by("-posting__created_at", "-posting_id", "-pk")[: limit + 1]
    )
    older = PostingLine.objects.filter(account=account).count() - min(len(lines), limit)
    lines = lines[:limit]
    participations = _participations(lines)
    balance = account.balance
    movements = []
    for line in lines:
        movements.append(
            Movement(
                occurred_on=line.posting.occurred_on,
                sentence=_sentence(line, participations.get(line.posting_id)),
                hours=line.amount,
                balance_after=balance,
            )
        )
        balance -= line.amount
    return movements, older
