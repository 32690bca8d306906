"""Output schemas of the public read API. Hours and amounts are strings with 2 decimals; no
personal data (no person's name, e-mail or telephone) is ever part of them."""

import datetime

from ninja import Schema
from pydantic import ConfigDict, Field

HOURS = Field(..., pattern=r"^-?[0-9]+\.[0-9]{2}$", examples=["120.00"])


def examples(*examples) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class CommuneOut(Schema):
    model_config = examples({"code": "92071", "name": "Sceaux"})
    code: str = Field(..., description="INSEE code.")
    name: str


class SkillOut(Schema):
    model_config = examples({"id": 12, "code": "accounting", "label": "Comptabilité"})
    id: int
    code: str
    label: str


class AssociationOut(Schema):
    model_config = examples(
        {"id": 3, "name": "Les Amis de Sceaux", "commune": {"code": "92071", "name": "Sceaux"}}
    )
    id: int
    name: str
    commune: CommuneOut
    field_of_action: str
    field_of_action_label: str


NEED_EXAMPLE = {
    "id": 41,
    "title": "Tenir la comptabilité de l’association",
    "url": "https://metis.example/besoins/41-tenir-la-comptabilite/",
    "association": {"id": 3, "name": "Les Amis de Sceaux"},
    "commune": {"code": "92071", "name": "Sceaux"},
    "territory": "sceaux",
    "format": "remote",
    "format_label": "À distance",
    "estimated_hours": "20.00",
    "starts_on": "2026-01-05",
    "ends_on": "2026-03-31",
    "volunteers_wanted": 1,
    "open_to_civic_days": False,
    "published_at": "2026-01-02T09:30:00+01:00",
    "skills_required": [{"id": 12, "code": "accounting", "label": "Comptabilité"}],
    "distance_km": None,
}


class NamedOut(Schema):
    id: int
    name: str


class NeedOut(Schema):
    model_config = examples(NEED_EXAMPLE)
    id: int
    title: str
    url: str
    association: NamedOut
    commune: CommuneOut
    territory: str | None = Field(None, description="Slug of the programme's territory.")
    format: str
    format_label: str
    estimated_hours: str = HOURS
    starts_on: datetime.date
    ends_on: datetime.date
    volunteers_wanted: int
    open_to_civic_days: bool
    published_at: datetime.datetime | None
    skills_required: list[SkillOut]
    distance_km: float | None = Field(
        None, description="Distance from the commune searched around (with `distance`)."
    )


class ProgrammeRefOut(Schema):
    id: int
    name: str
    territory: str | None = Field(None, description="Slug of the programme's territory.")


class NeedDetailOut(Schema):
    model_config = examples(
        {
            **{k: v for k, v in NEED_EXAMPLE.items() if k not in ("association", "distance_km")},
            "description": "Saisie mensuelle et clôture annuelle.",
            "status": "published",
            "status_label": "Publié",
            "is_expired": False,
            "association": {
                "id": 3,
                "name": "Les Amis de Sceaux",
                "commune": {"code": "92071", "name": "Sceaux"},
                "field_of_action": "social",
                "field_of_action_label": "Social",
            },
            "programme": {"id": 7, "name": "Sceaux 2026", "territory": "sceaux"},
            "skills_welcome": [],
        }
    )
    id: int
    title: str
    url: str
    description: str
    status: str
    status_label: str
    is_expired: bool
    association: AssociationOut
    programme: ProgrammeRefOut
    commune: CommuneOut
    territory: str | None = None
    format: str
    format_label: str
    estimated_hours: str = HOURS
    starts_on: datetime.date
    ends_on: datetime.date
    volunteers_wanted: int
    open_to_civic_days: bool
    published_at: datetime.datetime | None
    skills_required: list[SkillOut]
    skills_welcome: list[SkillOut]


class TotalsOut(Schema):
    """The figures of a territory's public widget: hours delivered by its territorial
    programmes, companies with a signed pledge, associations with a voted subsidy."""

    model_config = examples({"hours": "1250.50", "companies": 14, "associations": 9})
    hours: str = HOURS
    companies: int = Field(..., ge=0)
    associations: int = Field(..., ge=0)


TERRITORY_EXAMPLE = {
    "slug": "sceaux",
    "name": "Ville de Sceaux",
    "commune": {"code": "92071", "name": "Sceaux"},
    "operator": "Opérateur national",
    "impact_programme": 7,
    "totals": {"hours": "1250.50", "companies": 14, "associations": 9},
}


class TerritoryOut(Schema):
    model_config = examples(TERRITORY_EXAMPLE)
    slug: str
    name: str
    commune: CommuneOut
    operator: str
    impact_programme: int | None = Field(
        None, description="The latest programme past its draft (its impact page is public)."
    )
    totals: TotalsOut


class OutcomesOut(Schema):
    forms: int
    people_reached: int
    association_satisfaction: float | None
    volunteer_satisfaction: float | None


class ProgrammeOut(Schema):
    model_config = examples(
        {
            "id": 7,
            "name": "Sceaux 2026",
            "kind": "territorial",
            "status": "open",
            "territory": "sceaux",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        }
    )
    id: int
    name: str
    kind: str
    status: str
    territory: str | None
    starts_on: datetime.date
    ends_on: datetime.date


class ProgrammeImpactOut(ProgrammeOut):
    """The figures of the programme's public impact page."""

    model_config = examples(
        {
            "id": 7,
            "name": "Sceaux 2026",
            "kind": "territorial",
            "status": "open",
            "territory": "sceaux",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "hours_pledged": "2000.00",
            "hours_allocated": "800.00",
            "hours_delivered": "640.50",
            "value_delivered": "32025.00",
            "associations_helped": 9,
            "needs_completed": 12,
            "outcomes": {
                "forms": 10,
                "people_reached": 340,
                "association_satisfaction": 4.5,
                "volunteer_satisfaction": 4.2,
            },
            "companies": ["Entreprise Exemple"],
        }
    )
    hours_pledged: str = HOURS
    hours_allocated: str = HOURS
    hours_delivered: str = HOURS
    value_delivered: str = Field(..., description="In euros, 2 decimals.", examples=["32025.00"])
    associations_helped: int
    needs_completed: int
    outcomes: OutcomesOut
    companies: list[str] = Field(..., description="Companies taking part that agree to be named.")


class TerritoryDetailOut(TerritoryOut):
    """A territory, its totals and the figures of its impact page (the one its public address
    /territoires/<slug>/impact/ leads to: its latest programme past its draft)."""

    model_config = examples({**TERRITORY_EXAMPLE, "impact": None})
    impact: ProgrammeImpactOut | None = Field(
        None, description="The impact page's figures of `impact_programme`."
    )
