"""Who organises an event, in one place (docs/events.md, "Organisers").

An event has one organiser: the commune (a `Territory`), a partner of the ecosystem (a
`Partner`: a third place, a bank, a support network…) or an `Association`, each a nullable
foreign key of `Event` named in ORGANISERS; the database checks that exactly one is set
(`exactly_one_organiser`). Another kind of organiser is one more foreign key on `Event`, one
more row below, and one more branch in `home_territory`."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from metis.accounts.enums import Role
from metis.accounts.permissions import organisation_ids
from metis.organisations.models import Association, Partner, Territory

NO_TERRITORY = _("No territory on METIS covers your commune yet: your events cannot be listed.")
NOT_AN_ORGANISER = _(
    "Only a territory's officer, a partner's staff or an association's manager organises events."
)
NO_TERRITORY_SERVED = _("Your organisation serves no territory yet: your events cannot be listed.")


@dataclass(frozen=True)
class OrganiserKind:
    field: str  # the foreign key of Event
    model: type
    role: Role  # the membership that organises for it
    membership_field: str  # that membership's organisation field


ORGANISERS = (
    OrganiserKind("organiser_territory", Territory, Role.TERRITORY_OFFICER, "territory"),
    OrganiserKind("organiser_association", Association, Role.ASSOCIATION_MANAGER, "association"),
    OrganiserKind("organiser_partner", Partner, Role.PARTNER_STAFF, "partner"),
)
ORGANISER_FIELDS = tuple(kind.field for kind in ORGANISERS)


def exactly_one_organiser() -> Q:
    """The check constraint: one organiser field set, every other one empty."""
    return reduce(
        or_,
        (
            Q(**{f"{field}__isnull": False})
            & Q(**{f"{other}__isnull": True for other in ORGANISER_FIELDS if other != field})
            for field in ORGANISER_FIELDS
        ),
    )


def _kind_of(organiser) -> OrganiserKind:
    for kind in ORGANISERS:
        if isinstance(organiser, kind.model):
            return kind
    raise ValidationError(NOT_AN_ORGANISER, code="not_an_organiser")


def organiser_fields(organiser) -> dict:
    """The Event fields naming `organiser` (the others None)."""
    kind = _kind_of(organiser)
    return {field: organiser if field == kind.field else None for field in ORGANISER_FIELDS}


def organiser_of(event):
    return next(
        getattr(event, field) for field in ORGANISER_FIELDS if getattr(event, field + "_id")
    )


def may_organise(user, organiser) -> bool:
    """The user holds, today, the membership that organises for `organiser`."""
    if organiser is None or not user.is_authenticated:
        return False
    kind = _kind_of(organiser)
    return organiser.pk in organisation_ids(user, kind.role, kind.membership_field)


def organisers_of(user) -> list:
    """Every organisation the user organises events for."""
    found = []
    for kind in ORGANISERS:
        ids = organisation_ids(user, kind.role, kind.membership_field)
        found += list(kind.model.objects.filter(pk__in=ids).order_by("name"))
    return found


def organised_by(user) -> Q:
    """Filter on Event: the events of the organisations the user organises for."""
    return reduce(
        or_,
        (
            Q(**{f"{kind.field}__in": organisation_ids(user, kind.role, kind.membership_field)})
            for kind in ORGANISERS
        ),
    )


def home_territory(organiser) -> Territory:
    """The territory whose public pages list the organiser's events: the commune itself, or the
    territory of the association's commune (else of its intercommunality), or the first of the
    territories a partner serves."""
    if isinstance(organiser, Territory):
        return organiser
    if isinstance(organiser, Partner):
        territory = organiser.territories.order_by("name", "pk").first()
        if territory is None:
            raise ValidationError(NO_TERRITORY_SERVED, code="no_territory")
        return territory
    commune = organiser.commune
    territory = Territory.objects.filter(commune=commune).first()
    if territory is None and commune.epci_id:
        territory = Territory.objects.filter(commune__epci_id=commune.epci_id).first()
    if territory is None:
        raise ValidationError(NO_TERRITORY, code="no_territory")
    return territory


def organises_any(user) -> bool:
    return user.is_authenticated and any(
        organisation_ids(user, kind.role, kind.membership_field) for kind in ORGANISERS
    )
