"""Reads of the Service Civique Professionnel: who is entitled, which programme is a year's,
what a person's account holds, the national counter."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from metis.accounts.enums import Role
from metis.accounts.models import Membership, User
from metis.core.hours import quantize
from metis.ledger.enums import CIVIC_CREDIT_EVENTS, AccountKind, PostingEvent
from metis.ledger.models import Account, Posting, PostingLine
from metis.organisations.models import Commune
from metis.programmes.models import Programme

# The national ambition announced with the Service Civique Professionnel: 20 million hours of
# skills sponsorship a year.
NATIONAL_TARGET_HOURS = Decimal(20_000_000)


def entitled_persons():
    """Every active person (not erased) who is an employee of a company today: a current
    employee membership, whatever the company (docs/rules.md § 8.2)."""
    employee = Membership.objects.current().filter(user=OuterRef("pk"), role=Role.EMPLOYEE)
    return User.objects.filter(is_active=True, erased_at__isnull=True).filter(Exists(employee))


def civic_programme_of(year: int) -> Programme | None:
    return Programme.objects.civic().filter(starts_on__year=year).first()


def open_civic_programmes(since: int):
    """The civic years open from `since` on (this year, and next year once opened)."""
    return Programme.objects.civic().open().filter(starts_on__year__gte=since).order_by("starts_on")


def civic_balance(person, year: int) -> Decimal:
    """The hours left on the person's account for `year` (0 without an account)."""
    account = Account.objects.filter(
        programme__in=Programme.objects.civic().filter(starts_on__year=year),
        kind=AccountKind.CIVIC_ENTITLEMENT,
        person=person,
    ).first()
    return account.balance if account else Decimal(0)


@dataclass
class CounterRow:
    """The figures of one place (a commune, a département, the nation): accounts opened, hours
    entitled (credited or carried over), booked (reserved now), done."""

    code: str = ""
    name: str = ""
    accounts: int = 0
    entitled: Decimal = Decimal("0.00")
    booked: Decimal = Decimal("0.00")
    done: Decimal = Decimal("0.00")

    def add(self, other: "CounterRow") -> None:
        self.accounts += other.accounts
        self.entitled += other.entitled
        self.booked += other.booked
        self.done += other.done


@dataclass
class CivicCounter:
    year: int
    target: Decimal = NATIONAL_TARGET_HOURS
    total: CounterRow = field(default_factory=CounterRow)
    departements: list[CounterRow] = field(default_factory=list)
    communes: list[CounterRow] = field(default_factory=list)
    without_employer: CounterRow | None = None

    def top_communes(self, limit: int = 20) -> list[CounterRow]:
        """The communes with the most hours done (then accounts), for the page; the open data
        lists them all. Small numbers are grouped (`published_communes`)."""
        rows = self.published_communes()
        shown = sorted((r for r in rows if r.code), key=lambda r: (-r.done, -r.accounts, r.code))
        return shown[:limit] + [r for r in rows if not r.code]

    def published_communes(self) -> list[CounterRow]:
        return _small_numbers_grouped(self.communes, SMALL_COMMUNES)

    def published_departements(self) -> list[CounterRow]:
        return _small_numbers_grouped(self.departements, SMALL_DEPARTEMENTS)

    @property
    def done_share(self) -> Decimal:
        """The hours done, as a share of the national target."""
        return self.total.done / self.target


# Published figures never describe fewer than this many persons (docs/rules.md § 8.7): places
# with fewer accounts are added up in one row, so that nobody is singled out by their place.
SMALL_NUMBER = 11
SMALL_COMMUNES = _("Communes with fewer than %(n)s accounts")
SMALL_DEPARTEMENTS = _("Départements with fewer than %(n)s accounts")


def _small_numbers_grouped(rows: list[CounterRow], label) -> list[CounterRow]:
    """The rows of at least SMALL_NUMBER accounts, then one row adding up the others."""
    shown = [row for row in rows if row.accounts >= SMALL_NUMBER]
    small = [row for row in rows if row.accounts < SMALL_NUMBER]
    if small:
        grouped = CounterRow(code="", name=str(label) % {"n": SMALL_NUMBER})
        for row in small:
            grouped.add(row)
        shown.append(grouped)
    return shown


ENTITLING_EVENTS = (*CIVIC_CREDIT_EVENTS, PostingEvent.CIVIC_CARRIED_OVER)


def _employer_commune(person_ref: str):
    """The commune of the person's current employer (their first current employee membership,
    as `employer_of`), read now: an account follows its person, the place follows the job."""
    return Subquery(
        Membership.objects.current()
        .filter(user=OuterRef(person_ref), role=Role.EMPLOYEE)
        .order_by("started_at", "pk")
        .values("company__commune")[:1]
    )


COUNTER_CACHE_SECONDS = 300


def civic_counter_cached(year: int) -> CivicCounter:
    """The counter as the public pages read it: computed at most every few minutes (two GROUP BY
    over every account of the year take seconds at national size), and again as soon as the
    year's ledger has a new posting."""
    last = Posting.objects.filter(
        programme__in=Programme.objects.civic(), programme__starts_on__year=year
    )
    key = f"civic-counter-{year}-{last.aggregate(last=Max('pk'))['last'] or 0}"
    return cache.get_or_set(key, lambda: civic_counter(year), COUNTER_CACHE_SECONDS)


def civic_counter(year: int) -> CivicCounter:
    """The national counter of `year`, by commune and département of each person's current
    employer (docs/rules.md § 8). Two GROUP BY queries whatever the number of accounts (one
    over the accounts for their number and balances, one over the crediting lines for the hours
    entitled), then one over the communes named; no Python per account."""
    counter = CivicCounter(year=year, total=CounterRow(code="FR", name="France"))
    programme = civic_programme_of(year)
    if programme is None:
        return counter
    rows: dict[str | None, CounterRow] = {}
    balances = (
        Account.objects.filter(
            programme=programme,
            kind__in=[
                AccountKind.CIVIC_ENTITLEMENT,
                AccountKind.CIVIC_RESERVED,
                AccountKind.CIVIC_DONE,
            ],
        )
        .annotate(place=_employer_commune("person_id"))
        .values("place")
        .annotate(
            accounts=Count("pk", filter=Q(kind=AccountKind.CIVIC_ENTITLEMENT)),
            booked=Sum("balance", filter=Q(kind=AccountKind.CIVIC_RESERVED), default=0),
            done=Sum("balance", filter=Q(kind=AccountKind.CIVIC_DONE), default=0),
        )
        .order_by()
    )
    for row in balances:
        place = rows.setdefault(row["place"], CounterRow())
        place.accounts = row["accounts"]
        place.booked, place.done = quantize(row["booked"]), quantize(row["done"])
    entitled = (
        PostingLine.objects.filter(
            account__programme=programme,
            account__kind=AccountKind.CIVIC_ENTITLEMENT,
            # the posting's programme too: its index is (programme, event)
            posting__programme=programme,
            posting__event__in=ENTITLING_EVENTS,
            amount__gt=0,
        )
        .annotate(place=_employer_commune("account__person_id"))
        .values("place")
        .annotate(hours=Sum("amount"))
        .order_by()
    )
    for row in entitled:
        rows.setdefault(row["place"], CounterRow()).entitled = quantize(row["hours"])
    _places(counter, rows)
    return counter


def _places(counter: CivicCounter, rows: dict) -> None:
    """Name the communes, add them up by département and nationally; persons without a current
    employer count in the total only, under their own row."""
    communes = Commune.objects.filter(pk__in=[code for code in rows if code]).select_related(
        "departement"
    )
    departements: dict[str, CounterRow] = {}
    for commune in communes:
        row = rows[commune.pk]
        row.code, row.name = commune.pk, commune.name
        counter.communes.append(row)
        departement = departements.setdefault(
            commune.departement_id,
            CounterRow(code=commune.departement_id, name=commune.departement.name),
        )
        departement.add(row)
    for row in rows.values():
        counter.total.add(row)
    counter.communes.sort(key=lambda row: row.code)
    counter.departements = sorted(departements.values(), key=lambda row: row.code)
    if None in rows:
        counter.without_employer = rows[None]
