"""Reads about organisations that depend on who is asking."""

from django.db.models import Q

from metis.accounts.enums import Role
from metis.accounts.permissions import is_operator_staff, organisation_ids

from .models import Association, Commune, Company, Territory


def communes_covered_by(user):
    """INSEE codes of the communes a territory officer follows: the territory's own commune and
    the communes of its intercommunality."""
    cached = getattr(user, "_metis_covered_communes", None)
    if cached is not None:
        return cached
    territory_ids = organisation_ids(user, Role.TERRITORY_OFFICER, "territory")
    covered = set()
    if territory_ids:
        territories = Territory.objects.filter(pk__in=territory_ids).select_related("commune")
        epcis = {t.commune.epci_id for t in territories if t.commune.epci_id}
        covered = {t.commune_id for t in territories} | set(
            Commune.objects.filter(epci_id__in=epcis).values_list("insee_code", flat=True)
        )
    user._metis_covered_communes = covered
    return covered


def companies_visible_to(user):
    if is_operator_staff(user):
        return Company.objects.all()
    company_ids = organisation_ids(user, Role.COMPANY_REFERENT, "company") | organisation_ids(
        user, Role.EMPLOYEE, "company"
    )
    return Company.objects.filter(Q(pk__in=company_ids) | Q(commune__in=communes_covered_by(user)))


def associations_visible_to(user):
    if is_operator_staff(user):
        return Association.objects.all()
    ids = organisation_ids(user, Role.ASSOCIATION_MANAGER, "association")
    return Association.objects.filter(Q(pk__in=ids) | Q(commune__in=communes_covered_by(user)))


def territories_visible_to(user):
    operator_ids = organisation_ids(user, Role.OPERATOR_STAFF, "operator")
    ids = organisation_ids(user, Role.TERRITORY_OFFICER, "territory")
    return Territory.objects.filter(Q(pk__in=ids) | Q(operator__in=operator_ids)).select_related(
        "commune", "operator"
    )


def organisations_search(queryset, text: str, identifiers=("siren",)):
    """Filter a list of companies or associations by name, identifier or commune (name or
    postcode); sorted by name."""
    if text:
        match = Q(name__icontains=text) | Q(commune__name__icontains=text)
        match |= Q(commune__postcodes__contains=text)
        for field in identifiers:
            match |= Q(**{f"{field}__iexact": text.replace(" ", "")})
        queryset = queryset.filter(match)
    return queryset.select_related("commune").order_by("name", "pk")
