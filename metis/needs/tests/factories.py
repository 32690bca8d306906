"""Builders for the mission cycle: a programme with a signed pledge and a voted credit, needs,
participations in each state (through the services, so that the ledger follows)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.models import VolunteerProfile
from metis.accounts.tests.factories import UserFactory, member
from metis.needs.services import needs as need_services
from metis.needs.services import participations as participation_services
from metis.organisations.tests.factories import AssociationFactory, CompanyFactory, commune
from metis.programmes import services as programme_services
from metis.programmes.tests.factories import (
    MixedSubsidyFactory,
    PledgeFactory,
    ProgrammeFactory,
)
from metis.skills.models import Skill

from ..enums import NeedFormat, ParticipationStatus


def today():
    return timezone.localdate()


def morning_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def documents_accepted(participation, *, company_by, association_by, now=None):
    """Every party accepts the documents of an approved participation: the one path to
    "active" (metis.documents.replay)."""
    from metis.documents.replay import documents_accept_all

    participation = documents_accept_all(
        participation, company_by=company_by, association_by=association_by, now=now
    )
    assert participation.status == ParticipationStatus.ACTIVE, participation.status
    return participation


def programme_period():
    """A programme covering the last 200 days and the next 60 (dates relative to today)."""
    return today() - datetime.timedelta(days=200), today() + datetime.timedelta(days=60)


def open_programme(**kwargs):
    starts_on, ends_on = programme_period()
    return ProgrammeFactory(starts_on=starts_on, ends_on=ends_on, **kwargs)


def signed_pledge(programme, company, hours="100", by=None):
    pledge = PledgeFactory(programme=programme, company=company, hours=Decimal(hours))
    return programme_services.pledge_sign(
        pledge=pledge, signer_name="Marie Curie", signed_on=programme.starts_on, by=by
    )


def voted_subsidy(programme, association, hours="40", by=None):
    subsidy = MixedSubsidyFactory(
        programme=programme, association=association, hours_credit=Decimal(hours)
    )
    return programme_services.subsidy_vote(
        subsidy=subsidy,
        deliberation_reference="DEL-2026-01",
        deliberation_date=programme.starts_on,
        by=by,
    )


def skill(code="accounting"):
    return Skill.objects.get(code=code)


def volunteer(company, *, skills=("accounting",), consents=True, formats=("remote",)):
    user = member(Role.EMPLOYEE, company)
    profile = VolunteerProfile.objects.get(user=user)
    profile.consents_to_suggestions = consents
    profile.formats = list(formats)
    profile.hours_per_month = Decimal("8")
    profile.save()
    profile.skills.set(Skill.objects.filter(code__in=skills))
    return user


def need_data(programme, **overrides):
    data = {
        "programme": programme,
        "title": "Revue des comptes annuels",
        "description": "Relire la comptabilité de l'exercice avec le trésorier.",
        "skills_required": [skill("accounting")],
        "skills_welcome": [skill("audit")],
        "estimated_hours": Decimal("12"),
        "format": NeedFormat.BOTH,
        "starts_on": programme.starts_on,
        "ends_on": programme.ends_on,
        "commune": commune(),
        "volunteers_wanted": 2,
    }
    data.update(overrides)
    return data


@dataclass
class Cycle:
    programme: object
    company: object
    association: object
    manager: object
    referent: object
    employee: object
    need: object

    def participation(self, state="accepted", *, volunteer=None, hours="20", since=None):
        """A participation of `volunteer` (default: the employee) in `state`; "active" goes
        through the approval and every party's acceptance of the documents, at `since`
        (default: the morning of the programme's first day)."""
        volunteer = volunteer or self.employee
        p = participation_services.participation_apply(
            need=self.need, volunteer=volunteer, message="Bonjour"
        )
        if state == "applied":
            return p
        p = participation_services.participation_accept(participation=p, by=self.manager)
        if state == "accepted":
            return p
        since = since or morning_of(self.programme.starts_on)
        p = participation_services.participation_approve(
            participation=p,
            by=self.referent,
            planned_hours=Decimal(hours),
            starts_on=self.programme.starts_on,
            ends_on=self.programme.ends_on,
            now=since if state == "active" else None,
        )
        if state == "approved":
            return p
        return documents_accepted(
            p, company_by=self.referent, association_by=self.manager, now=since
        )


def make_cycle(*, pledge_hours="100", credit_hours="40") -> Cycle:
    programme = open_programme()
    company = CompanyFactory()
    association = AssociationFactory()
    manager = member(Role.ASSOCIATION_MANAGER, association)
    referent = member(Role.COMPANY_REFERENT, company)
    signed_pledge(programme, company, pledge_hours, by=referent)
    signed_pledge(programme, CompanyFactory(), "1000", by=referent)  # fills the pool
    voted_subsidy(programme, association, credit_hours, by=UserFactory())
    employee = volunteer(company)
    need = need_services.need_create(association=association, data=need_data(programme), by=manager)
    need = need_services.need_publish(need=need, by=manager)
    return Cycle(programme, company, association, manager, referent, employee, need)
