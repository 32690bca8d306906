"""A civic day booked on a need open to civic days, the employer's answer (explicit, through
the HR contact's signed link, or tacit after 15 days), then the mission cycle of any
participation: documents, hours, validation on the person's account, valuation."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, member
from metis.civic import bookings
from metis.civic.bookings import civic_day_answer, civic_day_book, civic_days_answer_tacitly
from metis.civic.links import answer_token
from metis.civic.selectors import civic_balance
from metis.civic.services import civic_person_credit, civic_year_open
from metis.civic.signup import civic_employee_join
from metis.documents.models import AgreementAnnex, ContractAmendment
from metis.documents.services.receipts import receipt_issue
from metis.documents.tests.factories import record_signatory
from metis.ledger.enums import AccountKind
from metis.ledger.models import Account, PostingLine
from metis.needs.enums import ParticipationOrigin, ParticipationStatus, RefusalReason
from metis.needs.models import Participation
from metis.needs.services import needs as need_services
from metis.needs.services.needs import need_civic_days_set
from metis.needs.services.time_entries import time_entry_declare, time_entry_validate
from metis.needs.tests.factories import documents_accepted, make_cycle, need_data
from metis.organisations.enums import OrganisationStatus
from metis.organisations.models import Company
from metis.organisations.tests.factories import CompanyFactory, commune
from metis.valuation.cost_prices import cost_price_record

NOW = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)  # a Monday
DAY = datetime.date(2026, 4, 8)  # a Wednesday, 37 days later
pytestmark = pytest.mark.time_machine(NOW)


@pytest.fixture
def world(db):
    """A territorial programme whose association posts a need open to civic days, a company on
    METIS (its referent, an employee) and the civic days of 2026 opened."""
    cycle = make_cycle()
    data = need_data(
        cycle.programme,
        title="Refaire le site web",
        open_to_civic_days=True,
        ends_on=DAY + datetime.timedelta(days=20),
    )
    need = need_services.need_create(association=cycle.association, data=data, by=cycle.manager)
    cycle.civic_need = need_services.need_publish(need=need, by=cycle.manager)
    civic_year_open(year=2026)
    return cycle


def book(world, **kwargs):
    args = {"need": world.civic_need, "volunteer": world.employee, "day": DAY, "half_days": 2}
    return civic_day_book(**{**args, **kwargs})


def test_a_booking_holds_the_hours_and_asks_the_employer(world):
    p = book(world, message="Disponible toute la journée")
    assert (p.origin, p.status, p.company) == (
        ParticipationOrigin.CIVIC_DAY,
        ParticipationStatus.ACCEPTED,
        world.company,
    )
    assert p.planned_hours == Decimal("7.00") and p.planned_starts_on == DAY
    assert p.employer_answer_due == datetime.date(2026, 3, 17)
    # Held, not yet reserved on the ledger: the account still holds 7 h, none is free.
    assert civic_balance(world.employee, 2026) == Decimal("7.00")
    assert bookings.civic_hours_available(world.employee, 2026) == 0


@pytest.mark.parametrize(
    "change, field",
    [
        ({"day": datetime.date(2026, 3, 20)}, "day"),  # less than 30 days ahead
        ({"day": datetime.date(2026, 4, 11)}, "day"),  # a Saturday
        ({"day": datetime.date(2026, 6, 1)}, "day"),  # after the need
        ({"half_days": 3}, "half_days"),
        ({"day": None}, "day"),
    ],
)
def test_bad_bookings_are_refused_and_write_nothing(world, change, field):
    with pytest.raises(ValidationError) as error:
        book(world, **change)
    assert field in error.value.message_dict
    assert not Participation.objects.filter(origin=ParticipationOrigin.CIVIC_DAY).exists()


def test_a_booking_stays_within_the_account(world):
    other = need_services.need_publish(
        need=need_services.need_create(
            association=world.association,
            data=need_data(
                world.programme,
                title="Former les bénévoles",
                open_to_civic_days=True,
                ends_on=DAY + datetime.timedelta(days=20),
            ),
            by=world.manager,
        ),
        by=world.manager,
    )
    book(world, half_days=1)
    with pytest.raises(ValidationError, match="3,50 h"):
        civic_day_book(need=other, volunteer=world.employee, day=DAY, half_days=2)
    assert civic_day_book(need=other, volunteer=world.employee, day=DAY, half_days=1)
    assert bookings.civic_hours_available(world.employee, 2026) == 0


def test_only_needs_open_to_civic_days_of_general_interest(world):
    with pytest.raises(ValidationError, match="pas de journées civiques"):
        civic_day_book(
            need=world.need, volunteer=world.employee, day=DAY, half_days=2
        )  # not open to civic days
    world.association.is_general_interest = False
    world.association.may_issue_tax_receipts = False
    world.association.save()
    with pytest.raises(ValidationError, match="intérêt général"):
        book(world)


def test_a_year_not_opened_is_refused(world):
    with pytest.raises(ValidationError, match="2027"):
        need = world.civic_need
        need.ends_on = datetime.date(2027, 2, 1)
        need.save()
        book(world, day=datetime.date(2027, 1, 6))


def test_the_referent_accepts_then_the_loan_goes_its_way(world):
    p = book(world)
    p = civic_day_answer(participation=p, accept=True, by=world.referent)
    assert p.status == ParticipationStatus.APPROVED and not p.approved_tacitly
    assert civic_balance(world.employee, 2026) == 0
    reserved = Account.objects.get(kind=AccountKind.CIVIC_RESERVED, reference_id=p.pk)
    assert reserved.balance == Decimal("7.00") and reserved.person == world.employee
    # The legal chain of any participation: agreement (for the civic programme), annex,
    # amendment; active once every party accepted.
    annex = AgreementAnnex.objects.select_related("agreement__programme").get(participation=p)
    assert annex.agreement.programme == p.civic_programme
    assert ContractAmendment.objects.filter(participation=p).exists()
    with pytest.raises(ValidationError):  # a civic day is approved as booked
        civic_day_answer(participation=p, accept=True, by=world.referent)


def test_only_the_employer_answers(world):
    p = book(world)
    for stranger in (
        world.employee,
        world.manager,
        member(Role.COMPANY_REFERENT, CompanyFactory()),
    ):
        with pytest.raises(ValidationError, match="contact RH"):
            civic_day_answer(participation=p, accept=True, by=stranger)
    with pytest.raises(ValidationError):
        civic_day_answer(participation=p, accept=True)  # neither a referent nor a link
    assert Participation.objects.get(pk=p.pk).status == ParticipationStatus.ACCEPTED


def test_a_refusal_gives_a_reason_and_frees_the_hours(world):
    p = book(world)
    with pytest.raises(ValidationError) as error:
        civic_day_answer(participation=p, accept=False, by=world.referent, reason="")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        civic_day_answer(
            participation=p, accept=False, by=world.referent, reason=RefusalReason.OTHER
        )
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError):  # not a reason offered for civic days
        civic_day_answer(
            participation=p, accept=False, by=world.referent, reason=RefusalReason.NEED_FILLED
        )
    p = civic_day_answer(
        participation=p,
        accept=False,
        by=world.referent,
        reason=RefusalReason.HARMS_OPERATIONS,
        note="Clôture des comptes",
    )
    assert p.status == ParticipationStatus.REFUSED
    assert p.reason_code == RefusalReason.HARMS_OPERATIONS
    assert bookings.civic_hours_available(world.employee, 2026) == Decimal("7.00")


def test_silence_for_15_days_counts_as_acceptance(world):
    p = book(world)
    day_15 = NOW + datetime.timedelta(days=15)
    assert civic_days_answer_tacitly(now=day_15) == ([], {})
    approved, errors = civic_days_answer_tacitly(now=day_15 + datetime.timedelta(days=1))
    assert errors == {} and [a.pk for a in approved] == [p.pk]
    p.refresh_from_db()
    assert p.status == ParticipationStatus.APPROVED and p.approved_tacitly
    assert p.approved_by is None and civic_balance(world.employee, 2026) == 0
    # Run again: nothing more.
    assert civic_days_answer_tacitly(now=day_15 + datetime.timedelta(days=2)) == ([], {})
    # Past the due date, a refusal comes too late.
    colleague = member(Role.EMPLOYEE, world.company)
    civic_person_credit(person=colleague, year=2026)
    q = book(world, volunteer=colleague)
    with pytest.raises(ValidationError, match="réputée acceptée"):
        civic_day_answer(
            participation=q,
            accept=False,
            by=world.referent,
            reason=RefusalReason.TOO_MANY_ABSENT,
            now=NOW + datetime.timedelta(days=16),
        )


def test_the_whole_day_is_done_on_the_persons_account_and_valued(world):
    booked = datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC)
    day = datetime.date(2026, 2, 11)
    need = world.civic_need
    p = civic_day_book(need=need, volunteer=world.employee, day=day, half_days=2, now=booked)
    p = civic_day_answer(
        participation=p, accept=True, by=world.referent, now=booked + datetime.timedelta(days=3)
    )
    p = documents_accepted(
        p,
        company_by=world.referent,
        association_by=world.manager,
        now=booked + datetime.timedelta(days=4),
    )
    cost_price_record(
        company=world.company,
        employee=world.employee,
        year=2026,
        monthly_salary=Decimal("3000"),
        monthly_employer_charges=Decimal("1300"),
        by=world.referent,
    )
    with pytest.raises(ValidationError):  # 7 h booked, no more
        time_entry_declare(
            participation=p, by=world.employee, date=day, hours="8", description="Site"
        )
    entry = time_entry_declare(
        participation=p, by=world.employee, date=day, hours="7", description="Site refait"
    )
    entry = time_entry_validate(entry=entry, by=world.manager)
    assert entry.value is not None and entry.value > 0
    done = Account.objects.get(kind=AccountKind.CIVIC_DONE, person=world.employee)
    assert done.balance == Decimal("7.00")
    # Nothing moved on the territorial programme's accounts.
    assert not PostingLine.objects.filter(
        posting__programme=world.programme, account__reference_id=p.pk
    ).exists()
    # The association's receipt goes to the employer of the day, for the day's value.
    record_signatory(world.association, world.manager)
    receipt = receipt_issue(
        association=world.association,
        company=world.company,
        period_start=day,
        period_end=day,
        by=world.manager,
    )
    assert receipt.company == world.company and receipt.amount == entry.value


def test_the_hr_contact_answers_through_the_signed_link(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    from metis.needs.tests.factories import make_cycle as cycle_of

    world = cycle_of()
    data = need_data(
        world.programme, open_to_civic_days=True, ends_on=DAY + datetime.timedelta(days=20)
    )
    need = need_services.need_publish(
        need=need_services.need_create(association=world.association, data=data, by=world.manager),
        by=world.manager,
    )
    civic_year_open(year=2026)
    person = UserFactory()
    company = civic_employee_join(
        user=person,
        siren="732829320",
        company_name="Boulangerie Martin",
        hr_email="rh@boulangerie.example",
        commune=commune(),
    )
    assert company.status == OrganisationStatus.NOT_JOINED
    with django_capture_on_commit_callbacks(execute=True):
        p = civic_day_book(need=need, volunteer=person, day=DAY, half_days=1)
    mail = next(m for m in mailoutbox if m.to == ["rh@boulangerie.example"] and "civique" in m.body)
    path = re.search(r"https?://[^/\s]+(/service-civique/reponse/\S+/)", mail.body).group(1)
    assert "15/04/2026" not in mail.body and "17/03/2026" in mail.body
    response = client.get(path)
    assert response.status_code == 200 and "Boulangerie Martin" in response.content.decode()
    assert client.get(path.replace("/reponse/", "/reponse/x")).status_code == 404
    response = client.post(path, {"accept": "yes"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == ParticipationStatus.APPROVED
    assert p.answered_by_email == "rh@boulangerie.example"
    assert Company.objects.get(pk=company.pk).status == OrganisationStatus.NOT_JOINED
    # The link names its booking: it shows this one's answer, never another's form.
    other_link = reverse("civic:answer", args=[answer_token(p, "autre@example.org")])
    assert "Boulangerie Martin" in client.get(other_link).content.decode()


def test_the_employee_books_from_the_need_page(client, world):
    client.force_login(world.employee)
    page = client.get(world.civic_need.get_absolute_url()).content.decode()
    assert reverse("civic:book", args=[world.civic_need.pk]) in page
    response = client.post(
        reverse("civic:book", args=[world.civic_need.pk]),
        {"day": "2026-04-11", "half_days": "2"},
    )
    assert "du lundi au vendredi" in response.content.decode()
    response = client.post(
        reverse("civic:book", args=[world.civic_need.pk]), {"day": DAY.isoformat(), "half_days": 2}
    )
    p = Participation.objects.get(origin=ParticipationOrigin.CIVIC_DAY)
    assert response.status_code == 302 and response.url == p.get_absolute_url()
    page = client.get(reverse("civic:my_days")).content.decode()
    assert world.company.name in page and "08/04/2026" in page
    client.force_login(world.referent)
    page = client.get(reverse("needs:approvals")).content.decode()
    assert reverse("civic:booking_answer", args=[p.pk]) in page
    response = client.post(
        reverse("civic:booking_answer", args=[p.pk]),
        {"accept": "no", "reason": RefusalReason.TOO_MANY_ABSENT},
    )
    assert response.status_code == 302
    assert Participation.objects.get(pk=p.pk).status == ParticipationStatus.REFUSED
    client.force_login(world.manager)  # not the employer
    assert client.get(reverse("civic:booking_answer", args=[p.pk])).status_code == 403


def test_a_manager_opens_a_published_need_and_the_catalogue_filters_it(client, world):
    client.force_login(world.manager)
    manage = reverse("needs:need_manage", args=[world.need.pk])
    assert "ouvrir-journees-civiques" in client.get(manage).content.decode()
    response = client.post(
        reverse("needs:need_action", args=[world.need.pk, "ouvrir-journees-civiques"])
    )
    assert response.status_code == 302
    world.need.refresh_from_db()
    assert world.need.open_to_civic_days
    catalogue = reverse("needs:catalogue")
    page = client.get(catalogue, {"civique": "1"}).content.decode()
    assert world.need.title in page and world.civic_need.title in page
    client.post(reverse("needs:need_action", args=[world.need.pk, "fermer-journees-civiques"]))
    page = client.get(catalogue, {"civique": "1"}).content.decode()
    assert world.civic_need.title in page and world.need.title not in page
    # Not for an association that is not of general interest.
    world.association.is_general_interest = False
    world.association.may_issue_tax_receipts = False
    world.association.save()
    with pytest.raises(ValidationError):
        need_civic_days_set(need=world.need, open_to_civic_days=True, by=world.manager)
    client.force_login(world.employee)
    response = client.post(
        reverse("needs:need_action", args=[world.need.pk, "ouvrir-journees-civiques"])
    )
    assert response.status_code == 403
