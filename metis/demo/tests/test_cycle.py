"""The mission cycle of the demo: the past programme replayed through the real services at its
own dates (each passed as the services' `now`), and the bulk hours still posted on the ledger."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db.models import Q, Sum
from django.utils import timezone

from metis.accounts.models import User
from metis.calls.enums import ApplicationStatus, CallStatus
from metis.calls.models import Call
from metis.civic.account import civic_bookings, civic_years
from metis.civic.demo import CIVIC_EMAIL
from metis.civic.selectors import (
    civic_balance,
    civic_counter,
    civic_programme_of,
    entitled_persons,
)
from metis.documents.models import Acceptance, AgreementAnnex, ContractAmendment, LoanAgreement
from metis.ledger.checks import ledger_differences
from metis.ledger.enums import AccountKind
from metis.ledger.models import Account, Posting
from metis.needs.enums import ParticipationStatus, TimeEntryStatus
from metis.needs.models import Need, Participation, TimeEntry
from metis.needs.tests.factories import make_cycle, today
from metis.organisations.enums import OrganisationStatus
from metis.outcomes.models import Outcome
from metis.programmes.enums import ProgrammeStatus, SubsidyStatus
from metis.programmes.models import MixedSubsidy, Pledge, Programme
from metis.reporting.evaluation import programme_evaluation

from ..cycle import _time_entries
from ..loader import load_everything

pytestmark = pytest.mark.django_db


def test_bulk_hours_are_posted_per_participation_month():
    cycle = make_cycle()
    p = cycle.participation("active", hours="30")
    _time_entries(
        random.Random(1), [p], {cycle.association.pk: cycle.manager}, today(), declared_days=10
    )
    validated = TimeEntry.objects.filter(status=TimeEntryStatus.VALIDATED)
    assert validated.exists()
    delivered = Account.objects.get(
        programme=cycle.programme, kind=AccountKind.DELIVERED, association=cycle.association
    ).balance
    assert delivered == validated.aggregate(total=Sum("hours"))["total"]
    months = {(e.date.year, e.date.month) for e in validated}
    assert validated.values("posting").distinct().count() == len(months)
    counted = TimeEntry.objects.counting().aggregate(total=Sum("hours"))["total"]
    assert counted <= Decimal("30")


def _years(rows, *fields):
    """The years of every stamp in `fields` of `rows` (None left out)."""
    return {
        timezone.localtime(value).year
        for row in rows
        for value in (getattr(row, name) for name in fields)
        if value is not None
    }


def _history_years(queryset):
    model = queryset.model
    rows = model.history.filter(id__in=queryset.values("pk"))
    return {timezone.localtime(d).year for d in rows.values_list("history_date", flat=True)}


@pytest.mark.time_machine(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC))
def test_the_past_programme_carries_its_own_dates():
    """The demo tells the 2026 pilot (its dates are the pilot's): the clock is set in it."""
    load_everything()
    past = Programme.objects.get(name="Sceaux 2025")
    assert past.status == ProgrammeStatus.CLOSED
    assert ledger_differences(past) == []
    programmes = Programme.objects.filter(pk=past.pk)
    pledges = Pledge.objects.filter(programme=past)
    subsidies = MixedSubsidy.objects.filter(programme=past)
    needs = Need.objects.filter(programme=past)
    participations = Participation.objects.filter(need__programme=past)
    assert participations.filter(status=ParticipationStatus.COMPLETED).exists()
    assert _years(programmes, "created_at", "updated_at") == {2025}
    assert _years(pledges, "created_at", "updated_at") == {2025}
    assert _years(subsidies, "created_at", "updated_at") == {2025}
    assert _years(needs, "created_at", "updated_at", "published_at") == {2025}
    assert _years(
        participations, "created_at", "updated_at", "approved_at", "activated_at", "ended_at"
    ) == {2025}
    for queryset in (programmes, pledges, subsidies, needs, participations):
        assert _history_years(queryset) == {2025}, queryset.model
    postings = Posting.objects.filter(programme=past)
    assert {d.year for d in postings.values_list("occurred_on", flat=True)} == {2025}
    acceptances = Acceptance.objects.filter(
        Q(annex__participation__need__programme=past)
        | Q(amendment__participation__need__programme=past)
    )
    assert acceptances.exists() and _years(acceptances, "accepted_at") == {2025}
    annexes = AgreementAnnex.objects.filter(participation__need__programme=past)
    agreements = LoanAgreement.objects.filter(programme=past)
    amendments = ContractAmendment.objects.filter(participation__need__programme=past)
    for documents in (annexes, agreements, amendments):
        assert documents.exists() and _years(documents, "created_at") == {2025}
    entries = TimeEntry.objects.filter(participation__need__programme=past)
    assert entries.exists() and _years(entries, "validated_at") == {2025}
    # The present was not moved: this year's programme is recorded today.
    current = Programme.objects.get(name="Sceaux 2026")
    assert timezone.localtime(current.created_at).date() == timezone.localdate()
    # Every employee of the demo has this year's civic day (7 h) in their own account.
    employees = list(entitled_persons())
    assert employees and {civic_years(p)[0].credited for p in employees} == {Decimal("7.00")}
    # An employee of a company not on METIS gave a day her employer never answered (accepted
    # after 15 days); the demo employee gave a half-day her referent accepted.
    camille = User.objects.get(email=CIVIC_EMAIL)
    assert camille.emailaddress_set.get().verified  # she logs in at once, as every demo person
    (given,) = civic_bookings(camille)
    assert given.company.status == OrganisationStatus.NOT_JOINED and given.approved_tacitly
    assert camille.memberships.get().started_at < given.created_at  # joined, then booked
    assert given.approved_at.date() == given.employer_answer_due + datetime.timedelta(days=1)
    entry = given.time_entries.get()
    assert entry.status == TimeEntryStatus.VALIDATED and entry.value > 0
    assert civic_balance(camille, 2026) == 0
    employee = User.objects.get(email="salarie@demo.metis.example")
    (half_day,) = civic_bookings(employee)
    assert half_day.approved_by is not None and not half_day.approved_tacitly
    assert civic_years(employee)[0].done == Decimal("3.50")
    assert ledger_differences(civic_programme_of(2026)) == []
    assert civic_counter(2026).total.done == Decimal("10.50")
    # The extension (docs/programme-calls.md, docs/evaluation.md): a call widened the panel,
    # completed missions were told, and the report compares this year with the past one.
    call = Call.objects.get(title="Second cercle 2026")
    assert call.status == CallStatus.DECIDED
    selected = call.applications.filter(status=ApplicationStatus.SELECTED)
    assert selected.count() == 3
    assert {a.subsidy.status for a in selected} == {SubsidyStatus.PROPOSED}
    assert call.applications.exclude(decision_reason="").count() == 1
    assert Outcome.objects.for_programme(past).exists()
    assert Outcome.objects.for_programme(current).exists()
    report = programme_evaluation(current)
    assert report["previous"] == past
    rows = {row["key"]: row for row in report["rows"]}
    assert rows["delivered"]["previous"] > 0 and rows["delivered"]["current"] > 0
    assert rows["people_reached"]["previous"] > 0
    assert report["quotes"]
