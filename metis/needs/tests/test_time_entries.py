import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from metis.ledger.enums import AccountKind
from metis.ledger.models import Account, Posting
from metis.ledger.selectors import credit_balance
from metis.needs.services import extra_hours as extra_hours_services
from metis.needs.services import needs as need_services
from metis.needs.services import participations as participation_services
from metis.needs.services import time_entries as time_entry_services
from metis.notifications.enums import NotificationKind
from metis.notifications.models import Notification
from metis.valuation.cost_prices import cost_price_record
from metis.valuation.time_entries import time_entries_value_pending

from ..enums import (
    ExtraHoursStatus,
    ParticipationStatus,
    RefusalReason,
    RejectionReason,
    TimeEntryStatus,
)
from ..models import ExtraHoursRequest, TimeEntry
from ..selectors import valued_hours, valued_hours_totals
from .factories import documents_accepted, morning_of, today


def yesterday(days=1):
    return today() - datetime.timedelta(days=days)


def declare(cycle, p, hours="3", date=None, description="Relecture du bilan"):
    return time_entry_services.time_entry_declare(
        participation=p,
        by=cycle.employee,
        date=date or yesterday(),
        hours=hours,
        description=description,
    )


def delivered(cycle):
    account = Account.objects.get(
        programme=cycle.programme, kind=AccountKind.DELIVERED, association=cycle.association
    )
    return account.balance


def test_declare_validate_moves_reserved_to_delivered_and_values(cycle):
    cost_price_record(
        company=cycle.company,
        year=yesterday().year,
        monthly_salary=Decimal("5000"),
        monthly_employer_charges=Decimal("2100"),
        employee=cycle.employee,
        by=cycle.referent,
    )
    p = cycle.participation("active", hours="10")
    entry = declare(cycle, p, hours="6.5")
    assert entry.status == TimeEntryStatus.DECLARED
    entry = time_entry_services.time_entry_validate(entry=entry, by=cycle.manager)
    assert entry.status == TimeEntryStatus.VALIDATED and entry.posting_id
    assert entry.hourly_cost == Decimal("46.81") and entry.value == Decimal("304.27")
    assert delivered(cycle) == Decimal("6.5")
    assert credit_balance(cycle.programme, cycle.association) == Decimal("30")
    rows = valued_hours(company=cycle.company, per_employee=True)
    assert valued_hours_totals(rows)["value"] == Decimal("304.27")
    assert rows[0]["participation__volunteer_id"] == cycle.employee.pk


def test_no_cost_price_leaves_the_entry_awaiting(cycle):
    p = cycle.participation("active")
    entry = time_entry_services.time_entry_validate(entry=declare(cycle, p), by=cycle.manager)
    assert entry.value is None
    assert list(TimeEntry.objects.awaiting_cost_price()) == [entry]
    assert valued_hours(association=cycle.association)[0]["awaiting"] == Decimal("3")
    cost_price_record(
        company=cycle.company,
        year=entry.date.year,
        monthly_salary=Decimal("5000"),
        monthly_employer_charges=Decimal("2100"),
        employee=cycle.employee,
        by=cycle.referent,
    )
    # Entering the cost price values the hours that awaited it.
    assert not TimeEntry.objects.awaiting_cost_price().exists()
    entry.refresh_from_db()
    assert (entry.hourly_cost, entry.value) == (Decimal("46.81"), Decimal("140.43"))
    assert time_entries_value_pending(company=cycle.company) == 0


@pytest.mark.parametrize(
    "date_offset,hours,field,message",
    [
        (-1, "3", "date", time_entry_services.ENTRY_IN_FUTURE),
        (1, "0", "hours", time_entry_services.ENTRY_HOURS_INVALID),
        (1, "10.5", "hours", time_entry_services.ENTRY_HOURS_INVALID),
        (1, "abc", "hours", time_entry_services.ENTRY_HOURS_INVALID),
        (400, "3", "date", None),  # before the participation
    ],
)
def test_declare_bad_input(cycle, date_offset, hours, field, message):
    p = cycle.participation("active")
    with pytest.raises(ValidationError) as error:
        declare(cycle, p, hours=hours, date=yesterday(date_offset))
    assert field in error.value.message_dict
    if message:
        assert str(message) in error.value.message_dict[field]
    assert not TimeEntry.objects.exists()


def test_second_entry_same_day_is_refused(cycle):
    p = cycle.participation("active")
    declare(cycle, p)
    with pytest.raises(ValidationError) as error:
        declare(cycle, p, hours="1")
    assert str(time_entry_services.ENTRY_DUPLICATE) in error.value.message_dict["date"]


def test_ten_hours_a_day_across_participations(cycle):
    from metis.programmes.tests.factories import ProgrammeFactory  # noqa: F401

    p = cycle.participation("active")
    other_need = need_services.need_create(
        association=cycle.association,
        data={**_data(cycle), "title": "Autre besoin"},
        by=cycle.manager,
    )
    need_services.need_publish(need=other_need, by=cycle.manager)
    q = participation_services.participation_apply(need=other_need, volunteer=cycle.employee)
    participation_services.participation_accept(participation=q, by=cycle.manager)
    q = participation_services.participation_approve(
        participation=q,
        by=cycle.referent,
        planned_hours="10",
        starts_on=cycle.programme.starts_on,
        ends_on=cycle.programme.ends_on,
        now=morning_of(cycle.programme.starts_on),
    )
    q = documents_accepted(
        q,
        company_by=cycle.referent,
        association_by=cycle.manager,
        now=morning_of(cycle.programme.starts_on),
    )
    declare(cycle, p, hours="7")
    with pytest.raises(ValidationError) as error:
        declare(cycle, q, hours="4")
    assert "hours" in error.value.message_dict
    declare(cycle, q, hours="3")


def _data(cycle):
    from .factories import need_data

    return need_data(cycle.programme)


def test_declared_entry_only_on_active_participation(cycle):
    p = cycle.participation("approved")
    with pytest.raises(ValidationError, match=str(time_entry_services.ENTRY_NOT_ACTIVE)):
        declare(cycle, p)


def test_reject_needs_a_reason_and_frees_the_day(cycle):
    p = cycle.participation("active")
    entry = declare(cycle, p)
    with pytest.raises(ValidationError):
        time_entry_services.time_entry_reject(entry=entry, by=cycle.manager, reason="")
    entry = time_entry_services.time_entry_reject(
        entry=entry, by=cycle.manager, reason=RejectionReason.WRONG_HOURS
    )
    assert entry.status == TimeEntryStatus.REJECTED
    declare(cycle, p, hours="2")  # the day is free again
    with pytest.raises(ValidationError, match=str(time_entry_services.ENTRY_NOT_DECLARED)):
        time_entry_services.time_entry_validate(entry=entry, by=cycle.manager)


def _written():
    return (
        list(TimeEntry.objects.order_by("pk").values_list("pk", "status", "hours")),
        list(ExtraHoursRequest.objects.order_by("pk").values_list("pk", "status", "hours")),
        Notification.objects.count(),
    )


def test_hours_beyond_the_reservation_are_refused_with_what_is_left(cycle):
    p = cycle.participation("active", hours="20")
    declare(cycle, p, hours="9.5", date=yesterday(2))
    declare(cycle, p, hours="10", date=yesterday(3))
    before = _written()
    with pytest.raises(ValidationError) as error:
        declare(cycle, p, hours="1", date=yesterday(1))
    assert error.value.message_dict == {
        "hours": [
            "Il reste 0,5 h sur les 20 h approuvées par l’employeur : demandez des heures "
            "supplémentaires."
        ]
    }
    assert _written() == before  # no entry, no request, no notice
    declare(cycle, p, hours="0.5", date=yesterday(1))  # exactly what is left
    with pytest.raises(ValidationError, match="Il reste 0 h sur les 20 h"):
        declare(cycle, p, hours="1", date=yesterday(4))


def test_a_rejected_entry_frees_its_hours(cycle):
    p = cycle.participation("active", hours="4")
    entry = declare(cycle, p, hours="4", date=yesterday(2))
    time_entry_services.time_entry_reject(
        entry=entry, by=cycle.manager, reason=RejectionReason.WRONG_HOURS
    )
    assert declare(cycle, p, hours="3", date=yesterday(1)).hours == Decimal("3")


def test_extra_hours_asked_then_approved_let_the_hours_be_declared(cycle):
    p = cycle.participation("active", hours="4")
    first = declare(cycle, p, hours="3", date=yesterday(2))
    request = extra_hours_services.extra_hours_request(
        participation=p, by=cycle.employee, hours="2", reason="Le bilan est plus long."
    )
    assert request.status == ExtraHoursStatus.PENDING and request.hours == Decimal("2")
    assert request.requested_by == cycle.employee
    referents = Notification.objects.filter(user=cycle.referent)
    assert referents.filter(kind=NotificationKind.EXTRA_HOURS_REQUESTED).count() == 1
    # Still refused while the employer has not decided; the message says so.
    with pytest.raises(ValidationError, match="2 heures supplémentaires attendent"):
        declare(cycle, p, hours="3", date=yesterday(1))
    # The association asks for one more: the pending request grows.
    grown = extra_hours_services.extra_hours_request(
        participation=p, by=cycle.manager, hours="1", reason="Et la clôture."
    )
    assert grown.pk == request.pk and grown.hours == Decimal("3")
    assert grown.request_note == "Le bilan est plus long.\nEt la clôture."
    extra_hours_services.extra_hours_approve(request=request, by=cycle.referent)
    p.refresh_from_db()
    assert p.reserved_hours == Decimal("7")
    second = declare(cycle, p, hours="3", date=yesterday(1))
    time_entry_services.time_entry_validate(entry=first, by=cycle.manager)
    time_entry_services.time_entry_validate(entry=second, by=cycle.manager)
    with pytest.raises(ValidationError, match=str(extra_hours_services.EXTRA_NOT_PENDING)):
        extra_hours_services.extra_hours_refuse(
            request=request, by=cycle.referent, reason=RefusalReason.WORKLOAD
        )


@pytest.mark.parametrize(
    ("who", "hours", "reason", "field"),
    [
        ("referent", "2", "Plus long", None),  # the employer does not ask itself
        ("stranger", "2", "Plus long", None),
        ("employee", "0", "Plus long", "hours"),
        ("employee", "-1", "Plus long", "hours"),
        ("employee", "abc", "Plus long", "hours"),
        ("employee", "201", "Plus long", "hours"),
        ("employee", "2", "  ", "reason"),
    ],
)
def test_extra_hours_request_refusals_write_nothing(cycle, who, hours, reason, field):
    p = cycle.participation("active", hours="4")
    by = {
        "referent": cycle.referent,
        "stranger": _other(cycle),
        "employee": cycle.employee,
    }[who]
    before = _written()
    with pytest.raises(ValidationError) as error:
        extra_hours_services.extra_hours_request(participation=p, by=by, hours=hours, reason=reason)
    if field is None:
        assert error.value.code == "not_allowed"
    else:
        assert list(error.value.message_dict) == [field]
    assert _written() == before


def test_extra_hours_are_asked_only_on_an_active_participation(cycle):
    p = cycle.participation("approved", hours="4")
    before = _written()
    with pytest.raises(ValidationError, match=str(extra_hours_services.EXTRA_NOT_ACTIVE)):
        extra_hours_services.extra_hours_request(
            participation=p, by=cycle.employee, hours="2", reason="Plus long"
        )
    assert _written() == before


def test_pending_extra_hours_are_bounded(cycle):
    p = cycle.participation("active", hours="4")
    extra_hours_services.extra_hours_request(
        participation=p, by=cycle.employee, hours="150", reason="Beaucoup plus"
    )
    before = _written()
    with pytest.raises(ValidationError, match="150 déjà demandées"):
        extra_hours_services.extra_hours_request(
            participation=p, by=cycle.manager, hours="51", reason="Encore"
        )
    assert _written() == before


def test_extra_hours_beyond_credit_are_refused(cycle):
    p = cycle.participation("active", hours="38")
    request = extra_hours_services.extra_hours_request(
        participation=p, by=cycle.employee, hours="2", reason="Plus long"
    )
    # another participation takes the 2 remaining hours of credit
    other = cycle.participation("active", hours="2", volunteer=_other(cycle))
    assert other.reserved_hours == 2
    with pytest.raises(ValidationError) as error:
        extra_hours_services.extra_hours_approve(request=request, by=cycle.referent)
    assert error.value.code == "insufficient_balance"


def _other(cycle):
    from .factories import volunteer

    return volunteer(cycle.company)


def test_reversal_corrects_a_validated_entry(cycle):
    p = cycle.participation("active", hours="10")
    entry = time_entry_services.time_entry_validate(
        entry=declare(cycle, p, hours="5"), by=cycle.manager
    )
    entry = time_entry_services.time_entry_reverse(entry=entry, by=cycle.manager, memo="erreur")
    assert entry.status == TimeEntryStatus.REVERSED
    assert entry.reversal_posting.reverses_id == entry.posting_id
    assert delivered(cycle) == 0
    corrected = declare(cycle, p, hours="4")
    time_entry_services.time_entry_validate(entry=corrected, by=cycle.manager)
    assert delivered(cycle) == Decimal("4")
    with pytest.raises(ValidationError, match=str(time_entry_services.ENTRY_NOT_VALIDATED)):
        time_entry_services.time_entry_reverse(entry=entry, by=cycle.manager)


def test_bulk_validation(cycle):
    p = cycle.participation("active", hours="6")
    entries = [declare(cycle, p, hours="2", date=yesterday(d)) for d in (1, 2, 3)]
    # One already validated: refused on its own, the others validated.
    time_entry_services.time_entry_validate(entry=entries[2], by=cycle.manager)
    done, errors = time_entry_services.time_entries_validate_bulk(entries=entries, by=cycle.manager)
    assert len(done) == 2 and list(errors) == [entries[2].pk]


def test_declaring_reads_the_need_and_person_with_their_locks_and_locks_nothing_else(cycle):
    """The managers' notice names the need, its association and the volunteer: they come with
    the locked participation and the person's lock, not one query each; the need and the
    association are not locked (other declarations on the need do not wait)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    p = cycle.participation("active", hours="6")
    declare(cycle, p, hours="1", date=yesterday(2))  # the first one of the day opens nothing
    with CaptureQueriesContext(connection) as declaring:
        declare(cycle, p, hours="1")
    selects = [q["sql"] for q in declaring if q["sql"].startswith("SELECT")]
    assert not any(
        'FROM "needs_need"' in sql or 'FROM "organisations_association"' in sql for sql in selects
    )
    locks = [sql for sql in selects if "FOR UPDATE" in sql]
    if connection.features.has_select_for_update_of:
        assert len(locks) == 2 and locks[0].endswith('FOR UPDATE OF "needs_participation"')
    people = [sql for sql in selects if sql.split(" FROM ")[1].startswith('"accounts_user"')]
    # The person's lock, whose row the notice then names, and the association's managers.
    assert len(people) == 2 and sum("accounts_membership" in sql for sql in people) == 1


def test_a_validation_beyond_the_reservation_is_refused_and_writes_nothing(
    cycle,
):
    """The reservation released after the hours were declared (as when the participation ends):
    validating them is refused, and the entry, the ledger and the webhooks' deliveries are as
    before. The validation has no savepoint of its own (only the ledger's): the refusal rolls
    the whole validation back."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from metis.ledger.services import events as ledger_events
    from metis.webhooks.models import WebhookDelivery

    p = cycle.participation("active", hours="6")
    entry = declare(cycle, p, hours="3")
    first, second = (declare(cycle, p, hours="1", date=yesterday(d)) for d in (2, 3))
    time_entry_services.time_entry_validate(entry=first, by=cycle.manager)  # opens the accounts
    with CaptureQueriesContext(connection) as validating:
        time_entry_services.time_entry_validate(entry=second, by=cycle.manager)
    # The validation's own (the test runs in a transaction; in a request it is BEGIN) and the
    # ledger's posting: none for the delivery, the valuation or the webhooks.
    assert sum(q["sql"].startswith("SAVEPOINT") for q in validating) == 2
    ledger_events.reservation_released(
        programme=cycle.programme,
        association=cycle.association,
        company=cycle.company,
        participation_id=p.pk,
        by=cycle.referent,
    )
    postings, deliveries, before = (
        Posting.objects.count(),
        WebhookDelivery.objects.count(),
        delivered(cycle),
    )
    with pytest.raises(ValidationError) as refused:
        time_entry_services.time_entry_validate(entry=entry, by=cycle.manager)
    assert refused.value.code == "beyond_reservation"
    entry.refresh_from_db()
    assert (
        entry.status == TimeEntryStatus.DECLARED and entry.posting is None and entry.value is None
    )
    assert Posting.objects.count() == postings and delivered(cycle) == before
    assert WebhookDelivery.objects.count() == deliveries


def test_completing_the_need_is_refused_while_hours_await_validation(cycle):
    """Completing releases what is not used: hours still awaiting validation could then never
    be validated. Refused, nothing written; once validated, the need completes."""
    p = cycle.participation("active", hours="10")
    entry = declare(cycle, p, hours="4")
    postings = Posting.objects.count()
    with pytest.raises(ValidationError, match="attendent votre validation|await validation"):
        need_services.need_complete(need=cycle.need, by=cycle.manager)
    p.refresh_from_db()
    assert p.status == ParticipationStatus.ACTIVE and Posting.objects.count() == postings
    time_entry_services.time_entry_validate(entry=entry, by=cycle.manager)
    need_services.need_complete(need=cycle.need, by=cycle.manager)
    assert credit_balance(cycle.programme, cycle.association) == Decimal("36")


def test_completing_the_need_releases_what_is_left(cycle):
    p = cycle.participation("active", hours="10")
    time_entry_services.time_entry_validate(entry=declare(cycle, p, hours="4"), by=cycle.manager)
    need_services.need_complete(need=cycle.need, by=cycle.manager)
    assert credit_balance(cycle.programme, cycle.association) == Decimal("36")


def test_bulk_rejection_counts_only_the_entries_rejected(cycle, client):
    """One entry declared, one already validated: the page says 1 rejected and why the other
    was not; the validated one is unchanged."""
    from django.contrib.messages import get_messages
    from django.urls import reverse

    p = cycle.participation("active", hours="10")
    declared = declare(cycle, p, hours="2", date=yesterday(1))
    validated = time_entry_services.time_entry_validate(
        entry=declare(cycle, p, hours="3", date=yesterday(2)), by=cycle.manager
    )
    client.force_login(cycle.manager)
    response = client.post(
        reverse("needs:hours_to_validate"),
        {"entries": [declared.pk, validated.pk], "decision": "rejeter", "reason": "not_done"},
        follow=True,
    )
    texts = [str(m) for m in get_messages(response.wsgi_request)] or [
        str(m) for m in response.context["messages"]
    ]
    assert "1 saisie rejetée." in texts
    assert len(texts) == 2
    declared.refresh_from_db()
    validated.refresh_from_db()
    assert declared.status == TimeEntryStatus.REJECTED
    assert validated.status == TimeEntryStatus.VALIDATED


def test_hours_before_the_documents_were_accepted_are_refused(cycle):
    """No hour outside the loan (docs/rules.md § 2): the participation became active when every
    party accepted its documents; a day before that is refused and nothing is written."""
    p = cycle.participation("active", since=morning_of(yesterday()))
    before = yesterday() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        declare(cycle, p, date=before)
    assert error.value.message_dict["date"] == [
        str(time_entry_services.ENTRY_BEFORE_DOCUMENTS) % {"date": yesterday().strftime("%d/%m/%Y")}
    ]
    assert not TimeEntry.objects.exists()
    assert declare(cycle, p, date=yesterday()).date == yesterday()
