"""A territory officer's inbox."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metis.allocations.models import AllocationRun, RunStatus
from metis.organisations.selectors import associations_visible_to, companies_visible_to
from metis.programmes.enums import ProgrammeStatus, SubsidyStatus
from metis.programmes.models import MixedSubsidy, Pledge, Programme

from ..items import Step, Task, onboarding, waiting
from .events import attendance_task


def organisations_to_activate(user) -> int:
    """Organisations waiting for activation that this person may activate."""
    companies = [
        c
        for c in companies_visible_to(user).pending()
        if user.has_perm("organisations.activate_company", c)
    ]
    associations = [
        a
        for a in associations_visible_to(user).pending()
        if user.has_perm("organisations.activate_association", a)
    ]
    return len(companies) + len(associations)


def finished_runs(**filters):
    """Allocation runs finished and not sent to the associations yet."""
    return AllocationRun.objects.filter(status=RunStatus.DONE, sent_at__isnull=True, **filters)


def inbox(user, territory) -> dict:
    pending = organisations_to_activate(user)
    programmes = Programme.objects.filter(territory=territory)
    subsidies = MixedSubsidy.objects.filter(
        programme__territory=territory, status=SubsidyStatus.PROPOSED
    ).count()
    runs = list(finished_runs(territory=territory))  # a few at most, the latest first
    latest_run = runs[0] if runs else None
    tasks = [
        Task(
            "activate",
            ngettext("Organisation to activate", "Organisations to activate", pending),
            pending,
            reverse("organisations:pending"),
        ),
        Task(
            "subsidies",
            ngettext("Mixed subsidy to vote", "Mixed subsidies to vote", subsidies),
            subsidies,
            reverse("programmes:list"),
        ),
        Task(
            "runs",
            ngettext(
                "Allocation run finished, to send",
                "Allocation runs finished, to send",
                len(runs),
            ),
            len(runs),
            latest_run.get_absolute_url() if latest_run else reverse("programmes:list"),
        ),
        attendance_task(territory),
    ]
    steps = [
        Step(
            "programme",
            _("Open a programme"),
            programmes.exclude(status=ProgrammeStatus.DRAFT).exists(),
            reverse("programmes:list"),
        ),
        Step(
            "pledge",
            _("Gather a first company pledge"),
            Pledge.objects.filter(programme__territory=territory).signed().exists(),
            reverse("organisations:company_list"),
        ),
        Step(
            "subsidy",
            _("Vote a first mixed subsidy"),
            MixedSubsidy.objects.filter(programme__territory=territory).voted().exists(),
            reverse("programmes:list"),
        ),
    ]
    return {"tasks": waiting(tasks), "onboarding": onboarding(steps)}
