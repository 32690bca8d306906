"""Database -> plain data of the matching core (metis.matching), in a few queries.

Units (docs/decisions/0008-matching-in-the-platform.md): whole hours.
- volunteer: hours_per_month × months left in the window (today → the latest end of the
  programmes, at least one month) − hours still to be done on their approved/active
  participations (reserved − declared or validated), floored; ≤ 0 → left out;
- need: estimated hours − hours reserved on its approved/active/completed participations;
- company: remaining pledge (ledger `pledge:c`, already net of reservations), summed over the
  programmes of the run; association: remaining credit (`credit:a`), likewise.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.db.models import Sum
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.models import Membership, VolunteerProfile
from metis.ledger.enums import AccountKind
from metis.ledger.selectors import balances_per_holder_summed
from metis.matching import Association, Company, Need, Taxonomy, Volunteer
from metis.needs.enums import (
    OPEN_PARTICIPATION_STATUSES,
    RESERVED_STATUSES,
    NeedFormat,
    NeedStatus,
    ParticipationStatus,
    TimeEntryStatus,
)
from metis.needs.models import Need as NeedModel
from metis.needs.models import Participation, TimeEntry
from metis.programmes.enums import PledgeStatus
from metis.programmes.models import Pledge
from metis.skills.enums import SkillKind

DAYS_PER_MONTH = Decimal("30.4375")
NEED_FORMATS = {
    NeedFormat.ON_SITE: "on_site",
    NeedFormat.REMOTE: "remote",
    NeedFormat.BOTH: "hybrid",
}
ALL_FORMATS = frozenset({"on_site", "remote"})
LIVE_NEED_STATUSES = (NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS)


@cache
def taxonomy() -> Taxonomy:
    """The shipped taxonomy, loaded once per process."""
    return Taxonomy.load()


@cache
def skill_table() -> dict[int, tuple[str, str]]:
    """{skill pk: (code, kind)} of the skills the taxonomy knows (shipped data, loaded once)."""
    from metis.skills.models import Skill

    tax = taxonomy()
    return {
        pk: (code, kind)
        for pk, code, kind in Skill.objects.values_list("pk", "code", "kind")
        if code in tax.index
    }


@dataclass(slots=True)
class _Profile:
    pk: int
    user_id: int
    hours_per_month: Decimal
    formats: list
    commune_id: str | None
    skills: list


@dataclass
class MarketData:
    """The core's dataclasses plus what the adapter needs to map rows back."""

    volunteers: list[Volunteer] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)
    associations: list[Association] = field(default_factory=list)
    open_pairs: set[tuple[int, int]] = field(default_factory=set)  # (need, volunteer) taking part
    as_of: datetime.datetime | None = None


def months_left(programmes, today=None) -> Decimal:
    today = today or timezone.localdate()
    end = max((p.ends_on for p in programmes), default=today)
    start = max([today, *(p.starts_on for p in programmes)]) if programmes else today
    start = min(start, end)
    return max(Decimal(1), Decimal((end - start).days + 1) / DAYS_PER_MONTH)


def _communes(ids):
    from metis.organisations.models import Commune

    return {
        pk: (pk, epci, dept)
        for pk, epci, dept in Commune.objects.filter(pk__in=set(ids) - {None}).values_list(
            "pk", "epci_id", "departement_id"
        )
    }


def companies_of(programmes, company_ids=None):
    """{company id: Company} for the companies with a signed pledge in `programmes` (among
    `company_ids` when given)."""
    programme_ids = [p.pk for p in programmes]
    pledges = Pledge.objects.filter(programme_id__in=programme_ids, status=PledgeStatus.SIGNED)
    if company_ids is not None:
        pledges = pledges.filter(company_id__in=company_ids)
    pledges = list(
        pledges.prefetch_related("skill_restrictions").only("pk", "company_id", "programme_id")
    )
    remaining = balances_per_holder_summed(programme_ids, AccountKind.PLEDGE, company_ids)
    code_of = {}
    allowed: dict[int, set | None] = {}
    progs: dict[int, set] = defaultdict(set)
    for pledge in pledges:
        progs[pledge.company_id].add(str(pledge.programme_id))
        restrictions = [s.code for s in pledge.skill_restrictions.all()]
        if not restrictions:
            allowed[pledge.company_id] = None
        elif allowed.get(pledge.company_id, set()) is not None:
            allowed.setdefault(pledge.company_id, set()).update(restrictions)
        code_of.update({s: s for s in restrictions})
    tax = taxonomy()
    return {
        cid: Company(
            str(cid),
            max(0, math.floor(remaining.get(cid, 0))),
            None
            if allowed.get(cid) is None
            else frozenset(c for c in allowed[cid] if c in tax.index),
            frozenset(progs[cid]),
        )
        for cid in progs
    }


def volunteers_of(company_ids, *, months: Decimal, user_ids=None, consenting=True):
    """Volunteers (core dataclasses) among the current employees of `company_ids`, with their
    hours left; those with no hour left are left out unless `user_ids` is given."""
    memberships = Membership.objects.current().filter(
        role=Role.EMPLOYEE, company_id__in=company_ids, user__is_active=True
    )
    if user_ids is not None:
        memberships = memberships.filter(user_id__in=user_ids)
    employer = {}
    for user_id, company_id in memberships.order_by("started_at", "pk").values_list(
        "user_id", "company_id"
    ):
        employer.setdefault(user_id, company_id)
    profiles = VolunteerProfile.objects.filter(user_id__in=employer)
    if consenting:
        profiles = profiles.filter(consents_to_suggestions=True)
    profiles = list(
        profiles.values_list("pk", "user_id", "hours_per_month", "formats", "commune_id")
    )
    through = VolunteerProfile.skills.through.objects.filter(
        volunteerprofile_id__in=[p[0] for p in profiles]
    ).values_list("volunteerprofile_id", "skill_id")
    skills_of = defaultdict(list)
    for profile_id, skill_id in through:
        skills_of[profile_id].append(skill_id)
    profiles = [
        _Profile(pk, user_id, hours, formats, commune_id, skills_of[pk])
        for pk, user_id, hours, formats, commune_id in profiles
    ]
    users = [p.user_id for p in profiles]
    reserved = dict(
        Participation.objects.filter(volunteer_id__in=users, status__in=RESERVED_STATUSES)
        .values("volunteer_id")
        .annotate(total=Sum("reserved_hours"))
        .values_list("volunteer_id", "total")
    )
    done = dict(
        TimeEntry.objects.filter(
            participation__volunteer_id__in=users,
            participation__status__in=RESERVED_STATUSES,
            status__in=[TimeEntryStatus.DECLARED, TimeEntryStatus.VALIDATED],
        )
        .values("participation__volunteer_id")
        .annotate(total=Sum("hours"))
        .values_list("participation__volunteer_id", "total")
    )
    places = _communes(p.commune_id for p in profiles)
    out = []
    for p in profiles:
        outstanding = max(Decimal(0), (reserved.get(p.user_id) or 0) - (done.get(p.user_id) or 0))
        hours = math.floor(p.hours_per_month * months - outstanding)
        if hours <= 0 and user_ids is None:
            continue
        skills = [skill_table()[i] for i in p.skills if i in skill_table()]
        commune, epci, dept = places.get(p.commune_id, (None, None, None))
        out.append(
            Volunteer(
                id=str(p.user_id),
                company=str(employer[p.user_id]),
                hours=max(hours, 0),
                skills=tuple(code for code, kind in skills if kind != SkillKind.PERSONAL),
                personal_skills=tuple(code for code, kind in skills if kind == SkillKind.PERSONAL),
                commune=commune,
                epci=epci,
                departement=dept,
                formats=frozenset(f for f in (p.formats or ()) if f in ALL_FORMATS) or ALL_FORMATS,
                available_from=timezone.localdate(),
            )
        )
    return out


def live_needs(programmes=None, *, needs=None):
    """Published or in-progress needs, not expired, of `programmes` (or the given queryset)."""
    qs = needs if needs is not None else NeedModel.objects.filter(programme__in=programmes)
    return (
        qs.filter(status__in=LIVE_NEED_STATUSES, ends_on__gte=timezone.localdate())
        .only(
            "pk",
            "association_id",
            "programme_id",
            "title",
            "description",
            "estimated_hours",
            "format",
            "starts_on",
            "ends_on",
            "commune_id",
        )
        .order_by("published_at", "pk")
    )


def needs_as_core(needs) -> list[Need]:
    needs = list(needs)
    ids = [n.pk for n in needs]
    reserved = dict(
        Participation.objects.filter(
            need_id__in=ids, status__in=[*RESERVED_STATUSES, ParticipationStatus.COMPLETED]
        )
        .values("need_id")
        .annotate(total=Sum("reserved_hours"))
        .values_list("need_id", "total")
    )
    places = _communes(n.commune_id for n in needs)
    table = skill_table()
    required_of, welcome_of = defaultdict(list), defaultdict(list)
    for relation, into in (("skills_required", required_of), ("skills_welcome", welcome_of)):
        through = getattr(NeedModel, relation).through.objects.filter(need_id__in=ids)
        for need_id, skill_id in through.values_list("need_id", "skill_id"):
            if skill_id in table:
                into[need_id].append(table[skill_id][0])
    out = []
    for n in needs:
        commune, epci, dept = places.get(n.commune_id, (None, None, None))
        required = tuple(sorted(required_of[n.pk]))
        welcome = tuple(sorted(c for c in welcome_of[n.pk] if c not in required))
        out.append(
            Need(
                id=str(n.pk),
                association=str(n.association_id),
                hours=max(0, math.floor(n.estimated_hours - (reserved.get(n.pk) or 0))),
                required_skills=required,
                welcome_skills=welcome,
                text=f"{n.title}\n{n.description}",
                commune=commune,
                epci=epci,
                departement=dept,
                format=NEED_FORMATS.get(n.format, "hybrid"),
                start=n.starts_on,
                end=n.ends_on,
                programmes=frozenset({str(n.programme_id)}),
            )
        )
    return out


def associations_of(programmes, association_ids) -> list[Association]:
    remaining = balances_per_holder_summed(
        [p.pk for p in programmes], AccountKind.CREDIT, association_ids
    )
    return [Association(str(a), max(0, math.floor(remaining.get(a, 0)))) for a in association_ids]


def open_pairs(need_ids=None, volunteer_ids=None) -> set[tuple[int, int]]:
    """(need id, volunteer id) of open participations: such pairs are never proposed."""
    qs = Participation.objects.filter(status__in=OPEN_PARTICIPATION_STATUSES)
    if need_ids is not None:
        qs = qs.filter(need_id__in=need_ids)
    if volunteer_ids is not None:
        qs = qs.filter(volunteer_id__in=volunteer_ids)
    return set(qs.values_list("need_id", "volunteer_id"))


def load_market(programmes) -> MarketData:
    """Everything the optimal allocation of `programmes` needs, from the live data."""
    programmes = list(programmes)
    as_of = timezone.now()
    companies = companies_of(programmes)
    volunteers = volunteers_of(list(companies), months=months_left(programmes))
    needs = needs_as_core(live_needs(programmes))
    needs = [n for n in needs if n.hours > 0]
    association_ids = sorted({int(n.association) for n in needs})
    return MarketData(
        volunteers=volunteers,
        needs=needs,
        companies=list(companies.values()),
        associations=associations_of(programmes, association_ids),
        open_pairs=open_pairs(need_ids=[int(n.id) for n in needs]),
        as_of=as_of,
    )
