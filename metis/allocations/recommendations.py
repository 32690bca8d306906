"""Recommendations on the screens: the best volunteers for a need, the best needs for a
volunteer — scored by the matching core, reasons (French) only for the rows displayed."""

from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.tasks import task
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.models import Membership, User
from metis.matching import encode
from metis.matching.proposals import candidates_for_need
from metis.matching.reasons import explain
from metis.matching.scoring import build_edges
from metis.needs.models import Need
from metis.programmes.enums import PledgeStatus
from metis.programmes.models import Programme

from . import adapter


@dataclass
class Recommendation:
    obj: object  # a User (for a need) or a Need (for a volunteer)
    score: int
    reasons: list[str]
    hours: int  # hours available (volunteer) or still asked (need)

    @property
    def reasons_text(self) -> str:
        return " ; ".join(self.reasons)


def recommend_volunteers(need, limit: int = 10) -> list[Recommendation]:
    """Consenting employees of companies with a remaining pledge in the need's programme, with
    hours left over the need's window, not already taking part, best first."""
    if need.status not in adapter.LIVE_NEED_STATUSES:
        return []
    programme = need.programme
    companies = {cid: c for cid, c in adapter.companies_of([programme]).items() if c.hours > 0}
    if not companies:
        return []
    taking_part = {v for _, v in adapter.open_pairs(need_ids=[need.pk])}
    window = adapter.months_left([need])
    volunteers = [
        v
        for v in adapter.volunteers_of(list(companies), months=window)
        if int(v.id) not in taking_part
    ]
    core_need = adapter.needs_as_core(adapter.live_needs(needs=Need.objects.filter(pk=need.pk)))
    if not volunteers or not core_need:
        return []
    tax = adapter.taxonomy()
    m = encode(
        volunteers,
        core_need,
        [companies[int(v)] for v in sorted({v.company for v in volunteers}, key=int)],
        adapter.associations_of([programme], [need.association_id]),
        tax,
    )
    best = candidates_for_need(m, 0, tax, limit)
    users = User.objects.in_bulk([int(p.volunteer) for p in best])
    hours = {v.id: v.hours for v in volunteers}
    return [
        Recommendation(users[int(p.volunteer)], p.score, p.reasons, hours[p.volunteer])
        for p in best
    ]


def _employer_id(user):
    return (
        Membership.objects.current()
        .filter(user=user, role=Role.EMPLOYEE)
        .order_by("started_at", "pk")
        .values_list("company_id", flat=True)
        .first()
    )


#: How long an employer's market (its programmes' live needs, remaining pledge and credits) is
#: shared by its employees' recommendations before it is renewed (docs/decisions/0008).
MARKET_SECONDS = 60
#: Past MARKET_SECONDS, the market is still shown while a task renews it in the background (no
#: request waits for it); past this age (no worker renewed it), it is read again in the request.
MARKET_SECONDS_AT_MOST = 300


@dataclass(frozen=True)
class EmployerMarket:
    """What the needs offered to one company's employees look like, the same for all of them:
    the company (remaining pledge summed over its programmes), the live needs with hours still
    asked, their associations' remaining credit, and the months left in the programmes."""

    company: object | None  # metis.matching.Company
    needs: tuple
    associations: tuple
    months: object  # Decimal


def _employer_market(company_id) -> EmployerMarket:
    programmes = list(
        Programme.objects.filter(
            pledges__company_id=company_id, pledges__status=PledgeStatus.SIGNED
        ).distinct()
    )
    if not programmes:
        return EmployerMarket(None, (), (), adapter.months_left([]))
    company = adapter.companies_of(programmes, [company_id]).get(company_id)
    needs = [n for n in adapter.needs_as_core(adapter.live_needs(programmes)) if n.hours > 0]
    associations = adapter.associations_of(programmes, sorted({int(n.association) for n in needs}))
    return EmployerMarket(
        company, tuple(needs), tuple(associations), adapter.months_left(programmes)
    )


def _market_key(company_id) -> str:
    return f"recommendations:market:{company_id}"


def _market_read(company_id) -> EmployerMarket:
    market = _employer_market(company_id)
    kept = (timezone.now().timestamp(), market)
    cache.set(_market_key(company_id), kept, MARKET_SECONDS_AT_MOST)
    cache.delete(f"{_market_key(company_id)}:renewing")
    return market


@task(queue_name="default")
def employer_market_renew(company_id: int) -> None:
    _market_read(company_id)


def employer_market(company_id) -> EmployerMarket:
    """The employer's market, shared by its employees (shared cache): read once, renewed in the
    background once MARKET_SECONDS old (one task at a time per company), read again in the
    request only when missing or MARKET_SECONDS_AT_MOST old."""
    kept = cache.get(_market_key(company_id))
    if kept is None:
        return _market_read(company_id)
    read_at, market = kept
    age = timezone.now().timestamp() - read_at
    if age > MARKET_SECONDS_AT_MOST:
        return _market_read(company_id)
    if age > MARKET_SECONDS and cache.add(f"{_market_key(company_id)}:renewing", 1, MARKET_SECONDS):
        employer_market_renew.enqueue(company_id)
    return market


def recommend_needs(user, limit: int = 10) -> list[Recommendation]:
    """Live needs of the programmes the volunteer's employer pledged to, best first; needs the
    volunteer already takes part in are left out. Does not require the consent to be
    suggested (the volunteer looks for themselves).

    The volunteer's side (profile, hours left, participations) is read at each call; the
    employer's market is renewed once MARKET_SECONDS old (employer_market), and a need no
    longer live when the page is shown is left out."""
    company_id = _employer_id(user)
    if company_id is None:
        return []
    market = employer_market(company_id)
    if market.company is None or not market.needs:
        return []
    volunteers = adapter.volunteers_of(
        [company_id], months=market.months, user_ids=[user.pk], consenting=False
    )
    if not volunteers:
        return []
    mine = {str(n) for n, _ in adapter.open_pairs(volunteer_ids=[user.pk])}
    needs = [n for n in market.needs if n.id not in mine]
    if not needs:
        return []
    tax = adapter.taxonomy()
    m = encode(volunteers, needs, [market.company], list(market.associations), tax)
    ev, en, score = build_edges(m)
    if not len(score):
        return []
    ends = np.array([needs[i].end.toordinal() for i in en.tolist()])
    order = np.lexsort((en, ends, -score.astype(np.int64)))
    ranked = [(int(en[k]), int(score[k])) for k in order.tolist()]
    # the needs still live now, then the display fields of the cards, in one query each
    ids = [int(needs[i].id) for i, _ in ranked]
    live = set(
        adapter.live_needs(needs=Need.objects.filter(pk__in=ids)).values_list("pk", flat=True)
    )
    ranked = [(i, s) for i, s in ranked if int(needs[i].id) in live][:limit]
    shown = (
        Need.objects.select_related("association", "commune")
        .prefetch_related("skills_required")
        .in_bulk([int(needs[i].id) for i, _ in ranked])
    )
    rows = []
    for i, s in ranked:
        need = shown[int(needs[i].id)]
        need.score, need.reasons = s, explain(m, tax, s, 0, i)
        rows.append(Recommendation(need, s, need.reasons, needs[i].hours))
    return rows


def needs_for_volunteer(user, *, limit: int = 30) -> list:
    """Live needs of the programmes the volunteer's employer pledged to, ranked by the matching
    core's score. Each need gets `.score` (1-100) and `.reasons` (French)."""
    return [row.obj for row in recommend_needs(user, limit=limit)]
