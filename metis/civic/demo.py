"""The demo's civic days (docs/rules.md § 8): this year's accounts credited, a few needs open to
civic days, an employee of a company not on METIS who joins, books a day that her employer
never answers (accepted after 15 days) and gives it; the demo employee's day accepted by her
referent and given; a colleague's day awaiting its answer. Every step goes through the services,
at past dates passed as `now`."""

import datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.models import Invitation, Membership, User
from metis.accounts.services import invitation_accept
from metis.documents.replay import documents_accept_all, first_member
from metis.needs.enums import NeedStatus
from metis.needs.models import Need
from metis.needs.services.needs import need_civic_days_set
from metis.needs.services.time_entries import time_entry_declare, time_entry_validate
from metis.valuation.cost_prices import cost_price_record

from .bookings import NOTICE_DAYS, civic_day_answer, civic_day_book, civic_days_answer_tacitly
from .services import civic_year_open
from .signup import civic_employee_join

CIVIC_EMAIL = "civique@demo.metis.example"
HR_EMAIL = "rh@imprimerie-bievre.example"


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _person(email, first_name, last_name, password):
    """A demo person who logs in at once (address verified, as every demo person)."""
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def _working_day(day: datetime.date, step: int = -1) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=step)
    return day


def _given(participation, *, company_by, day, hours):
    """Every party accepts the documents, the hours of the day are declared and validated."""
    manager = first_member(Role.ASSOCIATION_MANAGER, association=participation.need.association)
    participation = documents_accept_all(
        participation,
        company_by=company_by,
        association_by=manager,
        now=_at(participation.approved_at.date() + datetime.timedelta(days=1)),
    )
    entry = time_entry_declare(
        participation=participation,
        by=participation.volunteer,
        date=day,
        hours=hours,
        description="Journée civique : atelier avec l'équipe de l'association.",
    )
    return time_entry_validate(
        entry=entry, by=manager, now=_at(day + datetime.timedelta(days=1), 18)
    )


def load_civic_demo(base: dict, *, password: str, siren: str) -> None:
    """`password`: the demo's log-in password; `siren`: a made-up SIREN for the company not on
    METIS."""
    today = timezone.localdate()
    civic_year_open(year=today.year)
    candidates = list(
        Need.objects.filter(
            status__in=[NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS],
            association__is_general_interest=True,
            starts_on__lte=today - datetime.timedelta(days=60),
            ends_on__gte=today,
        ).order_by("-ends_on", "pk")[:4]
    )
    for need in candidates:
        need_civic_days_set(
            need=need,
            open_to_civic_days=True,
            by=first_member(Role.ASSOCIATION_MANAGER, association=need.association),
        )
    if not candidates:
        return
    _not_joined_company_day(candidates[0], today, password=password, siren=siren)
    _accepted_day(base, candidates, today)
    _awaiting_day(base, candidates, today)


def _free_need(needs, person, day):
    """The first need covering `day` where the person takes no part yet."""
    for need in needs:
        if need.starts_on <= day <= need.ends_on and not (
            need.participations.open().filter(volunteer=person).exists()
        ):
            return need
    return None


def _not_joined_company_day(need, today, *, password, siren):
    """An employee of a printing works not on METIS joins, books a day; her employer does not
    answer: the day counts as accepted after 15 days; its HR contact then joins and accepts the
    documents; the day is given and valued."""
    day = _working_day(today - datetime.timedelta(days=10))
    booked = _at(day - datetime.timedelta(days=NOTICE_DAYS + 5))
    civic_year_open(year=day.year)
    camille = _person(CIVIC_EMAIL, "Camille", "Durand", password)
    company = civic_employee_join(
        user=camille,
        siren=siren,
        company_name="Imprimerie du Val de Bièvre",
        hr_email=HR_EMAIL,
        commune=need.commune,
        now=booked - datetime.timedelta(days=1),
    )
    civic_year_open(year=day.year)
    booking = civic_day_book(
        need=need,
        volunteer=camille,
        day=day,
        half_days=2,
        message="Je peux aider à la mise en page de vos supports.",
        now=booked,
    )
    (participation,), _errors = civic_days_answer_tacitly(now=booked + datetime.timedelta(days=16))
    assert participation.pk == booking.pk and participation.approved_tacitly
    hr = _person(HR_EMAIL, "Hélène", "Marchand", password)
    invitation_accept(
        invitation=Invitation.objects.pending().get(email=HR_EMAIL, company=company), user=hr
    )
    cost_price_record(
        company=company,
        employee=camille,
        year=day.year,
        monthly_salary=Decimal("2600"),
        monthly_employer_charges=Decimal("1100"),
        by=hr,
    )
    _given(participation, company_by=hr, day=day, hours="7")


def _accepted_day(base, needs, today):
    """The demo employee books a half-day; her referent accepts it; she gives it."""
    employee = base["users"][Role.EMPLOYEE]
    company = Membership.objects.current().get(user=employee, role=Role.EMPLOYEE).company
    day = _working_day(today - datetime.timedelta(days=5))
    need = _free_need(needs, employee, day)
    if need is None:
        return
    civic_year_open(year=day.year)
    booked = _at(day - datetime.timedelta(days=NOTICE_DAYS + 2))
    booking = civic_day_book(need=need, volunteer=employee, day=day, half_days=1, now=booked)
    referent = first_member(Role.COMPANY_REFERENT, company=company)
    participation = civic_day_answer(
        participation=booking,
        accept=True,
        by=referent,
        now=booked + datetime.timedelta(days=2),
    )
    _given(participation, company_by=referent, day=day, hours="3.5")


def _awaiting_day(base, needs, today):
    """A colleague of the demo employee books a day ahead: the referent has it to answer."""
    employee = base["users"][Role.EMPLOYEE]
    company = Membership.objects.current().get(user=employee, role=Role.EMPLOYEE).company
    colleague = (
        Membership.objects.current()
        .filter(role=Role.EMPLOYEE, company=company)
        .exclude(user=employee)
        .order_by("started_at", "pk")
        .first()
    )
    day = _working_day(today + datetime.timedelta(days=NOTICE_DAYS + 5), step=1)
    need = _free_need(needs, colleague.user, day) if colleague else None
    if need is None:
        return
    civic_year_open(year=day.year)
    civic_day_book(need=need, volunteer=colleague.user, day=day, half_days=2)
