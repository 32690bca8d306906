"""Demo data of the mission cycle: needs from every template in every state, participations
and about a year of declared, validated and valued hours on the pilot programme.

Needs and participations go through the services (a few hundred calls); the past programme's
are replayed at their own dates, passed to each service as its `now` (metis.core.clock). Time
entries are bulk-inserted, but every validated hour is still posted on the ledger: one
`time_validated` posting per participation and month, which the month's entries point to."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.models import Membership, VolunteerProfile
from metis.core.hours import quantize
from metis.documents.replay import documents_accept_all
from metis.ledger import services as ledger
from metis.ledger.selectors import credit_balance, remaining_pledge
from metis.needs.enums import (
    NeedStatus,
    ParticipationStatus,
    RefusalReason,
    RejectionReason,
    TimeEntryStatus,
    WithdrawalReason,
)
from metis.needs.models import Participation, TimeEntry
from metis.needs.services import extra_hours as extra_hours_services
from metis.needs.services import needs as need_services
from metis.needs.services import participations as participation_services
from metis.needs.services import time_entries as time_entry_services
from metis.needs.templates_data import need_templates
from metis.programmes import services as programme_services
from metis.valuation.models import CostPrice
from metis.valuation.rules.cost_price import entry_value, hourly_cost

STATES = [
    NeedStatus.DRAFT,
    NeedStatus.PUBLISHED,
    NeedStatus.IN_PROGRESS,
    NeedStatus.COMPLETED,
    NeedStatus.CANCELLED,
]
HOURS_CHOICES = [Decimal(h) for h in ("1.5", "2", "2", "2.5", "3", "3", "3.5", "4")]


def _managers(associations):
    rows = Membership.objects.current().filter(
        role=Role.ASSOCIATION_MANAGER, association__in=associations
    )
    return {m.association_id: m.user for m in rows.select_related("user").order_by("started_at")}


def _referents(companies):
    rows = Membership.objects.current().filter(role=Role.COMPANY_REFERENT, company__in=companies)
    return {m.company_id: m.user for m in rows.select_related("user").order_by("started_at")}


def _volunteers_by_skill():
    """{skill id: [(user, company)]} of every employee with a profile."""
    employer = {
        m.user_id: m.company
        for m in Membership.objects.current()
        .filter(role=Role.EMPLOYEE)
        .select_related("company", "user")
    }
    users = {m.user_id: m.user for m in Membership.objects.current().filter(role=Role.EMPLOYEE)}
    by_skill = defaultdict(list)
    through = VolunteerProfile.skills.through
    for profile_user, skill_id in through.objects.values_list(
        "volunteerprofile__user_id", "skill_id"
    ):
        if profile_user in employer:
            by_skill[skill_id].append(profile_user)
    return by_skill, employer, users


def _at(day: datetime.date) -> datetime.datetime:
    """The moment of `day` the replay records its events at: 10:00, local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _templates():
    return sorted(need_templates().values(), key=lambda t: t["code"])


@transaction.atomic
def load_needs_demo(base: dict) -> None:
    programme = base.get("programme")
    if programme is None:
        return
    rng = random.Random(7)
    today = timezone.localdate()
    world = _World(base)
    past = _past_programme(rng, base, world)
    active = _current_programme(rng, programme, world)
    past_active = list(
        Participation.objects.filter(
            need__programme=past, status=ParticipationStatus.ACTIVE
        ).select_related("need", "need__association", "need__programme", "company", "volunteer")
    )
    _cost_prices(
        rng, {(p.company_id, p.volunteer_id) for p in active + past_active}, world.referents
    )
    # The past year: a year of hours, then every need completed and the programme closed.
    _time_entries(rng, past_active, world.managers, past.ends_on, declared_days=0)
    closing = _at(past.ends_on)
    for need in past.needs.filter(status__in=[NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS]):
        need_services.need_complete(need=need, by=world.managers[need.association_id], now=closing)
    programme_services.programme_close(programme=past, by=world.officer, now=closing)
    # This year, so far: validated hours, the last ten days' hours awaiting validation.
    _time_entries(rng, active, world.managers, today, declared_days=10)
    _finish_current(rng, programme, world)


class _World:
    def __init__(self, base):
        self.associations = list(base["associations"])
        self.companies = list(base["companies"])
        self.managers = _managers(self.associations)
        self.referents = _referents(self.companies)
        self.by_skill, self.employer, self.users = _volunteers_by_skill()
        self.demo_employee = base["users"][Role.EMPLOYEE]
        self.demo_association = self.associations[1]
        self.officer = base["users"][Role.TERRITORY_OFFICER]
        self.taken = defaultdict(int)
        self.to_complete = []

    def candidates(self, rng, need, *, demo_first=False, limit=2):
        skill_ids = [s.pk for s in need.skills_required.all()] + [
            s.pk for s in need.skills_welcome.all()
        ]
        found = sorted({u for sid in skill_ids for u in self.by_skill.get(sid, [])})
        rng.shuffle(found)
        if demo_first and self.demo_employee.pk in self.employer:
            found = [self.demo_employee.pk, *(u for u in found if u != self.demo_employee.pk)]
        return [u for u in found if self.taken[u] < limit]

    def staff(self, need, company=None):
        if company is not None:
            return self.referents[company.pk]
        return self.managers[need.association_id]


def _join(rng, world, need, user_id, *, planned_share, cap, approve=True, now=None):
    """apply → accept → (employer) approve → active, all at `now` (None: the present); None
    when the credit is spent."""
    manager = world.staff(need)
    volunteer, company = world.users[user_id], world.employer[user_id]
    p = participation_services.participation_apply(
        need=need, volunteer=volunteer, message="Avec plaisir !", now=now
    )
    p = participation_services.participation_accept(participation=p, by=manager, now=now)
    world.taken[user_id] += 1
    if not approve:
        return p
    remaining = min(
        credit_balance(need.programme, need.association),
        remaining_pledge(need.programme, company) * Decimal("1.5"),
    )
    planned = min(cap, quantize(remaining * planned_share))
    if planned < 3:
        participation_services.participation_refuse(
            participation=p,
            by=world.staff(need, company),
            reason=RefusalReason.OUT_OF_POLICY,
            now=now,
        )
        return None
    p = participation_services.participation_approve(
        participation=p,
        by=world.staff(need, company),
        planned_hours=planned,
        # The loan starts once its documents are accepted (that day, on the replay's clock).
        starts_on=max(need.starts_on, timezone.localdate(now)),
        ends_on=need.programme.ends_on,
        now=now,
    )
    if p.status != ParticipationStatus.APPROVED:
        return p
    # Each party accepts the agreement and the amendment: the one door to "active".
    return documents_accept_all(p, now=now)


def _past_programme(rng, base, world):
    """ "Sceaux 2025", replayed: pledges, credits, needs from every template, participations; it
    is closed at the end of the year (after the hours, see load_needs_demo)."""
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    signed_on, voted_on = datetime.date(2025, 1, 10), datetime.date(2025, 2, 10)
    now = _at(signed_on)
    past = programme_services.programme_create(
        territory=base["territory"],
        data={
            "name": "Sceaux 2025",
            "starts_on": start,
            "ends_on": end,
            "target_hours": Decimal("9000"),
            "reference_hourly_value": Decimal("45"),
        },
        by=world.officer,
        now=now,
    )
    programme_services.programme_open(programme=past, by=world.officer, now=now)
    for index, company in enumerate(world.companies):
        referent = world.referents[company.pk]
        pledge = programme_services.pledge_create(
            programme=past,
            company=company,
            data={"hours": Decimal(160 + 60 * (index % 6)), "starts_on": start, "ends_on": end},
            by=referent,
            now=now,
        )
        programme_services.pledge_sign(
            pledge=pledge,
            signer_name="Direction générale",
            signed_on=signed_on,
            by=referent,
            now=now,
        )
    now = _at(voted_on + datetime.timedelta(days=2))
    for index, association in enumerate(world.associations):
        subsidy = programme_services.subsidy_propose(
            programme=past,
            association=association,
            data={
                "cash_previous_period": Decimal(12000 + 1000 * (index % 5)),
                "cash_current_period": Decimal(8000 + 500 * (index % 4)),
                "hours_credit": Decimal(480 + 60 * (index % 7)),
            },
            by=world.officer,
            now=now,
        )
        programme_services.subsidy_vote(
            subsidy=subsidy,
            deliberation_reference=f"DEL-2025-{index + 12:03d}",
            deliberation_date=voted_on,
            by=world.officer,
            now=now,
        )
    for t_index, template in enumerate(_templates()):
        initial = need_services.need_initial_from_template(template["code"])
        for copy in range(2):
            association = world.associations[(t_index * 2 + copy) % len(world.associations)]
            if t_index % 5 == 0 and copy == 0:
                association = world.demo_association
            day = datetime.date(2025, 2, 17) + datetime.timedelta(days=rng.randint(0, 45))
            manager = world.managers[association.pk]
            need = need_services.need_create(
                association=association,
                data={
                    **initial,
                    "programme": past,
                    "estimated_hours": initial["estimated_hours"] * 4,
                    "starts_on": day,
                    "ends_on": end,
                    "commune": association.commune,
                },
                by=manager,
                now=_at(day),
            )
            need = need_services.need_publish(need=need, by=manager, now=_at(day))
            if t_index == 3 and copy == 1:
                need_services.need_cancel(
                    need=need, by=manager, now=_at(day + datetime.timedelta(days=20))
                )
                continue
            demo_first = association == world.demo_association
            for user_id in world.candidates(rng, need, demo_first=demo_first)[:3]:
                _join(
                    rng,
                    world,
                    need,
                    user_id,
                    planned_share=Decimal("0.45"),
                    cap=260,
                    now=_at(day + datetime.timedelta(days=7)),
                )
    world.taken.clear()
    return past


def _current_programme(rng, programme, world):
    """The open pilot programme: needs from every template in every state."""
    season_start = max(programme.starts_on, datetime.date(2026, 2, 16))
    for t_index, template in enumerate(_templates()):
        initial = need_services.need_initial_from_template(template["code"])
        for s_index, state in enumerate(STATES):
            association = world.associations[(t_index * 5 + s_index) % len(world.associations)]
            if state in (NeedStatus.IN_PROGRESS, NeedStatus.COMPLETED) and t_index % 4 == 0:
                association = world.demo_association
            starts_on = season_start + datetime.timedelta(days=rng.randint(0, 60))
            manager = world.managers[association.pk]
            need = need_services.need_create(
                association=association,
                data={
                    **initial,
                    "programme": programme,
                    "estimated_hours": initial["estimated_hours"] * rng.choice([1, 2, 3]),
                    "starts_on": starts_on,
                    "ends_on": programme.ends_on,
                    "commune": association.commune,
                },
                by=manager,
            )
            if state == NeedStatus.DRAFT:
                continue
            need = need_services.need_publish(need=need, by=manager)
            demo_first = association == world.demo_association
            candidates = world.candidates(rng, need, demo_first=demo_first)
            if state == NeedStatus.PUBLISHED:
                # Applications waiting for the association, and accepted ones for the employer.
                for index, user_id in enumerate(candidates[:2]):
                    if index == 0:
                        participation_services.participation_apply(
                            need=need, volunteer=world.users[user_id], message="Disponible !"
                        )
                        world.taken[user_id] += 1
                    else:
                        _join(rng, world, need, user_id, planned_share=0, cap=0, approve=False)
            elif state == NeedStatus.CANCELLED:
                need_services.need_cancel(need=need, by=manager)
            else:
                if state == NeedStatus.COMPLETED:
                    world.to_complete.append(need.pk)
                # Joined, approved and accepted on the need's first day (the replay's clock):
                # its hours are then all worked under accepted documents.
                for user_id in candidates[: rng.randint(1, 2)]:
                    _join(
                        rng,
                        world,
                        need,
                        user_id,
                        planned_share=Decimal("0.3"),
                        cap=need.estimated_hours,
                        now=_at(starts_on),
                    )
    return list(
        Participation.objects.filter(
            need__programme=programme, status=ParticipationStatus.ACTIVE
        ).select_related("need", "need__association", "need__programme", "company", "volunteer")
    )


def _finish_current(rng, programme, world):
    """Complete the needs meant to be completed (one per template), then a withdrawal and a
    pending extra-hours request for the screens."""
    for need in programme.needs.filter(pk__in=world.to_complete):
        manager = world.managers[need.association_id]
        # Its last hours are validated first: a need is completed only once none awaits.
        for entry in TimeEntry.objects.filter(
            participation__need=need, status=TimeEntryStatus.DECLARED
        ).order_by("date", "pk"):
            time_entry_services.time_entry_validate(entry=entry, by=manager)
        need_services.need_complete(need=need, by=manager)
    active = list(
        Participation.objects.filter(
            need__programme=programme, status=ParticipationStatus.ACTIVE
        ).order_by("pk")
    )
    # Colleagues of the demo employee wait for the demo referent's approval.
    demo_company = world.employer.get(world.demo_employee.pk)
    colleagues = sorted(
        u
        for u, company in world.employer.items()
        if demo_company and company.pk == demo_company.pk and u != world.demo_employee.pk
    )
    for need, user_id in zip(
        programme.needs.filter(status=NeedStatus.PUBLISHED).order_by("pk")[:3],
        colleagues,
        strict=False,
    ):
        if not need.participations.open().filter(volunteer_id=user_id).exists():
            _join(rng, world, need, user_id, planned_share=0, cap=0, approve=False)
    if len(active) > 3:
        participation_services.participation_withdraw(
            participation=active[-1], by=active[-1].volunteer, reason=WithdrawalReason.WORKLOAD
        )
        extra_hours_services.extra_hours_request(
            participation=active[0],
            by=active[0].volunteer,
            hours=Decimal("6"),
            reason="La restitution au bureau demande une séance de plus.",
        )


def _cost_prices(rng, pairs, referents):
    """Cost prices of 2025 and 2026 for most participating employees (a few left awaiting)."""
    rows = []
    for company_id, user_id in sorted(pairs):
        if rng.random() < 0.1:
            continue
        salary = Decimal(rng.randrange(2400, 7500, 100))
        charges = quantize(salary * Decimal("0.42"))
        for year in (2025, 2026):
            result = hourly_cost(year=year, monthly_salary=salary, monthly_employer_charges=charges)
            rows.append(
                CostPrice(
                    company_id=company_id,
                    employee_id=user_id,
                    year=year,
                    hourly_cost=result.hourly_cost,
                    capped=result.capped,
                    entered_by=referents.get(company_id),
                )
            )
    CostPrice.objects.bulk_create(rows)


def _time_entries(rng, participations, managers, until, *, declared_days):
    prices = {(c.company_id, c.employee_id, c.year): c.hourly_cost for c in CostPrice.objects.all()}
    day_load = defaultdict(Decimal)
    entries = []
    for p in participations:
        manager = managers[p.need.association_id]
        budget = p.reserved_hours * Decimal(rng.choice(["0.6", "0.75", "0.85", "0.9"]))
        day = p.planned_starts_on + datetime.timedelta(days=rng.randint(0, 6))
        used = Decimal(0)
        months = defaultdict(list)
        last_week = until - datetime.timedelta(days=declared_days)
        declared = []
        while day < until:
            hours = rng.choice(HOURS_CHOICES)
            recent = day >= last_week
            limit = p.reserved_hours if recent else budget
            free = day.weekday() < 5 and day_load[(p.volunteer_id, day)] + hours <= 10
            if free and used + hours <= limit:
                day_load[(p.volunteer_id, day)] += hours
                used += hours
                if recent:
                    declared.append((day, hours))
                else:
                    months[(day.year, day.month)].append((day, hours))
            day += datetime.timedelta(days=rng.choice([2, 3, 4, 5, 7]))
        for (year, month), rows in sorted(months.items()):
            # Validated on the month's last day worked, the date of its posting.
            validated_on = rows[-1][0]
            posting = ledger.time_validated(
                programme=p.need.programme,
                association=p.need.association,
                company=p.company,
                participation_id=p.pk,
                hours=sum(h for _d, h in rows),
                by=manager,
                occurred_on=validated_on,
                memo=f"demo: participation {p.pk}, {year}-{month:02d}",
                idempotency_key=f"demo-validated-{p.pk}-{year}{month:02d}",
            )
            for day_, hours in rows:
                cost = prices.get((p.company_id, p.volunteer_id, day_.year))
                entries.append(
                    TimeEntry(
                        participation=p,
                        date=day_,
                        hours=hours,
                        description=rng.choice(DESCRIPTIONS),
                        status=TimeEntryStatus.VALIDATED,
                        validated_by=manager,
                        validated_at=_at(validated_on),
                        posting=posting,
                        hourly_cost=cost,
                        value=entry_value(hours, cost) if cost else None,
                    )
                )
        for index, (day_, hours) in enumerate(declared):
            rejected = index == 0 and rng.random() < 0.15
            entries.append(
                TimeEntry(
                    participation=p,
                    date=day_,
                    hours=hours,
                    description=rng.choice(DESCRIPTIONS),
                    status=TimeEntryStatus.REJECTED if rejected else TimeEntryStatus.DECLARED,
                    rejection_reason=RejectionReason.WRONG_HOURS if rejected else "",
                )
            )
    TimeEntry.objects.bulk_create(entries, batch_size=1000)


DESCRIPTIONS = [
    "Réunion de cadrage avec le bureau",
    "Analyse des documents transmis",
    "Atelier de travail avec les bénévoles",
    "Rédaction d'une première version",
    "Relecture et corrections",
    "Point d'avancement avec la présidente",
    "Préparation du support de présentation",
    "Mise en place de l'outil",
    "Formation de l'équipe",
    "Restitution des travaux",
]
