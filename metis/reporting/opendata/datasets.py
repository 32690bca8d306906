"""The datasets: their fields (a Table Schema each) and their rows, national or for one
territory. Figures come from the same rolled-up tables as the public impact page (the
ledger's ProgrammeMonth, reporting's ValidatedMonth): a fixed number of grouped queries per
dataset, whatever the number of programmes. Decimals are written with a point and two places."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from metis.ledger.models import ProgrammeMonth
from metis.needs.enums import NeedStatus
from metis.needs.models import Need
from metis.organisations.models import Association, Territory
from metis.programmes.enums import PledgeStatus, ProgrammeKind, ProgrammeStatus
from metis.programmes.models import Pledge, Programme

from ..models import ValidatedMonth
from ..selectors.common import ZERO, _d, _line_filters

COUNTED_PLEDGES = [PledgeStatus.SIGNED, PledgeStatus.CLOSED]
FIGURES = ("pledged", "allocated", "delivered")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema types: integer, number, string, date, yearmonth
    title: str
    description: str
    example: str


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[Territory | None], Iterable[dict]]


def programmes(territory: Territory | None):
    """The territorial programmes the public may see (every status but the draft)."""
    rows = Programme.objects.filter(
        kind=ProgrammeKind.TERRITORIAL, territory__isnull=False
    ).exclude(status=ProgrammeStatus.DRAFT)
    if territory is not None:
        rows = rows.filter(territory=territory)
    return rows.select_related("territory__commune").order_by(
        "territory__commune_id", "starts_on", "pk"
    )


def _hours(value) -> str:
    return f"{_d(value):.2f}"


def _ledger_by(programme_ids, *group):
    filters = _line_filters(ProgrammeMonth.objects.none())
    return (
        ProgrammeMonth.objects.filter(programme__in=programme_ids)
        .values("programme", *group)
        .annotate(**{name: Sum("amount", filter=filters[name], default=ZERO) for name in FIGURES})
        .order_by("programme", *group)
    )


def _programme_rows(territory):
    listed = list(programmes(territory))
    ids = [p.pk for p in listed]
    ledger = {row["programme"]: row for row in _ledger_by(ids)}
    validated = {
        row["programme"]: row
        for row in ValidatedMonth.objects.filter(programme__in=ids, entries__gt=0)
        .values("programme")
        .annotate(value=Sum("value"), associations=Count("association", distinct=True))
        .order_by()
    }
    companies = dict(
        Pledge.objects.filter(programme__in=ids, status__in=COUNTED_PLEDGES)
        .values("programme")
        .annotate(n=Count("company", distinct=True))
        .order_by()
        .values_list("programme", "n")
    )
    for p in listed:
        figures, done = ledger.get(p.pk, {}), validated.get(p.pk, {})
        yield {
            "programme_id": p.pk,
            "code_commune": p.territory.commune_id,
            "territoire": p.territory.commune.name,
            "programme": p.name,
            "debut": p.starts_on.isoformat(),
            "fin": p.ends_on.isoformat(),
            "statut": p.status,
            "heures_objectif": _hours(p.target_hours),
            "heures_promises": _hours(figures.get("pledged")),
            "heures_attribuees": _hours(figures.get("allocated")),
            "heures_realisees": _hours(figures.get("delivered")),
            "valeur_heures_realisees_euros": _hours(done.get("value")),
            "associations_aidees": done.get("associations", 0),
            "entreprises_engagees": companies.get(p.pk, 0),
        }


def _month_rows(territory):
    listed = {p.pk: p for p in programmes(territory)}
    for row in _ledger_by(list(listed), "month"):
        if not any(row[name] for name in FIGURES):
            continue
        programme = listed[row["programme"]]
        yield {
            "programme_id": programme.pk,
            "code_commune": programme.territory.commune_id,
            "mois": f"{row['month']:%Y-%m}",
            "heures_promises": _hours(row["pledged"]),
            "heures_attribuees": _hours(row["allocated"]),
            "heures_realisees": _hours(row["delivered"]),
        }


def _association_rows(territory):
    listed = {p.pk: p for p in programmes(territory)}
    sums = list(
        ValidatedMonth.objects.filter(programme__in=list(listed), entries__gt=0)
        .values("programme", "association")
        .annotate(hours=Sum("hours"), value=Sum("value"))
        .order_by("programme", "association")
    )
    associations = Association.objects.in_bulk({row["association"] for row in sums})
    for row in sums:
        association = associations[row["association"]]
        yield {
            "programme_id": row["programme"],
            "code_commune": listed[row["programme"]].territory.commune_id,
            "association_id": association.pk,
            "association": association.name,
            "siren": association.siren,
            "rna": association.rna,
            "code_commune_association": association.commune_id,
            "heures_realisees": _hours(row["hours"]),
            "valeur_euros": _hours(row["value"]),
        }


def _need_rows(territory) -> Iterator[dict]:
    needs = (
        Need.objects.filter(published_at__isnull=False)
        .exclude(status=NeedStatus.DRAFT)
        .select_related("association", "programme__territory")
        .prefetch_related("skills_required")
        .order_by("published_at", "pk")
    )
    if territory is not None:
        needs = needs.filter(programme__territory=territory)
    for need in needs.iterator(chunk_size=2000):
        programme = need.programme
        yield {
            "besoin_id": need.pk,
            "programme_id": programme.pk if programme else "",
            "code_commune_territoire": (
                programme.territory.commune_id if programme and programme.territory else ""
            ),
            "association_id": need.association_id,
            "association": need.association.name,
            "titre": need.title,
            "competences": "|".join(sorted(s.label_fr for s in need.skills_required.all())),
            "heures_estimees": _hours(need.estimated_hours),
            "format": need.format,
            "code_commune": need.commune_id or "",
            "debut": need.starts_on.isoformat(),
            "fin": need.ends_on.isoformat(),
            "publie_le": need.published_at.date().isoformat(),
            "statut": need.status,
            "adresse": settings.SITE_URL + need.get_absolute_url(),
        }


def _f(name, type_, title, description, example):
    return Field(name, type_, title, description, example)


PROGRAMME_ID = _f("programme_id", "integer", _("Programme"), _("Programme identifier."), "12")
TERRITORY_CODE = _f(
    "code_commune", "string", _("Commune code"), _("INSEE code of the territory."), "92071"
)
PLEDGED = _f(
    "heures_promises",
    "number",
    _("Hours pledged"),
    _("Hours the companies pledged (signed pledges)."),
    "1200.00",
)
ALLOCATED = _f(
    "heures_attribuees",
    "number",
    _("Hours allocated"),
    _("Hours the commune allocated to associations (voted subsidies)."),
    "950.00",
)
DELIVERED = _f(
    "heures_realisees",
    "number",
    _("Hours done"),
    _("Hours done by volunteers and validated by the associations."),
    "412.50",
)

DATASETS = {
    d.slug: d
    for d in (
        Dataset(
            "programmes",
            _("Programmes"),
            _("Each territorial programme with its figures to date."),
            (
                PROGRAMME_ID,
                TERRITORY_CODE,
                _f("territoire", "string", _("Territory"), _("Name of the commune."), "Sceaux"),
                _f("programme", "string", _("Name"), _("Name of the programme."), "METIS 2026"),
                _f("debut", "date", _("Start"), _("First day of the programme."), "2026-01-01"),
                _f("fin", "date", _("End"), _("Last day of the programme."), "2026-12-31"),
                _f("statut", "string", _("Status"), _("open or closed."), "open"),
                _f(
                    "heures_objectif",
                    "number",
                    _("Target hours"),
                    _("Hours the programme aims at."),
                    "1500.00",
                ),
                PLEDGED,
                ALLOCATED,
                DELIVERED,
                _f(
                    "valeur_heures_realisees_euros",
                    "number",
                    _("Value of the hours done (€)"),
                    _("Salary cost of the validated hours, in euros."),
                    "18562.50",
                ),
                _f(
                    "associations_aidees",
                    "integer",
                    _("Associations helped"),
                    _("Associations that received validated hours."),
                    "9",
                ),
                _f(
                    "entreprises_engagees",
                    "integer",
                    _("Companies involved"),
                    _("Companies with a signed pledge."),
                    "14",
                ),
            ),
            ("programme_id",),
            _programme_rows,
        ),
        Dataset(
            "heures-par-mois",
            _("Hours per month"),
            _(
                "Hours pledged, allocated and done per programme and month (the month of the "
                "pledge, of the vote, of the hours done)."
            ),
            (
                PROGRAMME_ID,
                TERRITORY_CODE,
                _f("mois", "yearmonth", _("Month"), _("Year and month."), "2026-03"),
                PLEDGED,
                ALLOCATED,
                DELIVERED,
            ),
            ("programme_id", "mois"),
            _month_rows,
        ),
        Dataset(
            "associations-aidees",
            _("Associations helped"),
            _("Each association that received validated hours, per programme."),
            (
                PROGRAMME_ID,
                TERRITORY_CODE,
                _f("association_id", "integer", _("Association"), _("Identifier."), "31"),
                _f("association", "string", _("Name"), _("Name of the association."), "Sol'Air"),
                _f("siren", "string", _("SIREN"), _("SIREN number, if any."), "775671356"),
                _f("rna", "string", _("RNA"), _("RNA number, if any."), "W922001234"),
                _f(
                    "code_commune_association",
                    "string",
                    _("Commune of the association"),
                    _("INSEE code of its registered office."),
                    "92071",
                ),
                DELIVERED,
                _f(
                    "valeur_euros",
                    "number",
                    _("Value (€)"),
                    _("Salary cost of the validated hours, in euros."),
                    "3200.00",
                ),
            ),
            ("programme_id", "association_id"),
            _association_rows,
        ),
        Dataset(
            "besoins-publies",
            _("Needs published"),
            _("Every need an association published, with its status today."),
            (
                _f("besoin_id", "integer", _("Need"), _("Identifier."), "508"),
                _f(
                    "programme_id",
                    "integer",
                    _("Programme"),
                    _("Programme of the need (empty: none)."),
                    "12",
                ),
                _f(
                    "code_commune_territoire",
                    "string",
                    _("Territory code"),
                    _("INSEE code of the programme's territory (empty: none)."),
                    "92071",
                ),
                _f("association_id", "integer", _("Association"), _("Identifier."), "31"),
                _f("association", "string", _("Association name"), _("Its name."), "Sol'Air"),
                _f("titre", "string", _("Title"), _("Title of the need."), "Refaire le site"),
                _f(
                    "competences",
                    "string",
                    _("Skills"),
                    _("Skills required, separated by |."),
                    "Communication|Web design",
                ),
                _f(
                    "heures_estimees",
                    "number",
                    _("Estimated hours"),
                    _("Hours the association estimates."),
                    "20.00",
                ),
                _f("format", "string", _("Format"), _("remote, on_site or both."), "remote"),
                _f(
                    "code_commune",
                    "string",
                    _("Commune"),
                    _("INSEE code of the place (empty: remote)."),
                    "92071",
                ),
                _f("debut", "date", _("Start"), _("Start date."), "2026-03-01"),
                _f("fin", "date", _("End"), _("End date."), "2026-06-30"),
                _f("publie_le", "date", _("Published on"), _("Date published."), "2026-02-14"),
                _f(
                    "statut",
                    "string",
                    _("Status"),
                    _("published, in_progress, completed or cancelled."),
                    "published",
                ),
                _f(
                    "adresse",
                    "string",
                    _("Address"),
                    _("Page of the need."),
                    "https://metis.example/besoins/508/",
                ),
            ),
            ("besoin_id",),
            _need_rows,
        ),
    )
}
