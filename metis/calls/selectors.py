"""What each person sees of the calls for applications."""

from django.db.models import Avg, Count, Q

from metis.accounts.enums import Role
from metis.accounts.permissions import organisation_ids
from metis.organisations.models import Association
from metis.organisations.selectors import territories_visible_to

from .models import Application, Call, Score


def calls_managed_or_scored_by(user):
    """The calls of the territories the user manages and those whose committee they sit on."""
    return (
        Call.objects.filter(
            Q(programme__territory__in=territories_visible_to(user)) | Q(committee=user)
        )
        .distinct()
        .with_programme()
        .annotate(application_count=Count("applications", distinct=True))
        .order_by("-opens_on", "title")
    )


def open_calls():
    return Call.objects.open().with_programme().order_by("closes_on", "title")


def managed_associations(user):
    return Association.objects.filter(
        pk__in=organisation_ids(user, Role.ASSOCIATION_MANAGER, "association")
    ).order_by("name")


def applications_of(user):
    return (
        Application.objects.filter(association__in=managed_associations(user))
        .select_related("call__programme__territory", "association", "subsidy")
        .order_by("-created_at")
    )


def ranked_applications(call):
    """The call's applications, best average score first, each with its average per
    criterion (`criteria_averages`, in the call's order) and the number of scorers."""
    applications = list(
        call.applications.select_related("association", "subsidy")
        .annotate(
            average_score=Avg("scores__value"),
            scorer_count=Count("scores__scorer", distinct=True),
        )
        .order_by("pk")
    )
    averages = {
        (row["application_id"], row["criterion"]): row["average"]
        for row in Score.objects.filter(application__call=call)
        .values("application_id", "criterion")
        .annotate(average=Avg("value"))
    }
    for application in applications:
        application.criteria_averages = [
            averages.get((application.pk, index)) for index in range(len(call.criteria))
        ]
    applications.sort(key=lambda a: (-(a.average_score or 0), a.association.name))
    return applications
