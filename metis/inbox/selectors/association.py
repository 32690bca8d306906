"""An association manager's inbox."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metis.accounts.enums import Role
from metis.accounts.models import Invitation, Membership
from metis.allocations.models import Proposal, ProposalStatus
from metis.documents.services.receipt_batches import companies_to_receipt
from metis.needs.enums import NeedStatus, ParticipationStatus
from metis.needs.models import Need, Participation, TimeEntry
from metis.programmes.models import MixedSubsidy

from ..items import Step, Task, onboarding, waiting
from .documents import Party, agreement_pages, documents_task
from .events import attendance_task


def receipts_to_issue(association, year: int) -> int:
    if not association.may_issue_tax_receipts:
        return 0
    return companies_to_receipt(association, year).count()


def inbox(user, association) -> dict:
    applications = Participation.objects.for_association(association).filter(
        status=ParticipationStatus.APPLIED
    )
    proposals = (
        Proposal.objects.for_association(association).filter(status=ProposalStatus.SENT).count()
    )
    hours = TimeEntry.objects.for_association(association).declared().count()
    agreements = agreement_pages(Party.ASSOCIATION, association=association)
    last_year = timezone.localdate().year - 1
    receipts = receipts_to_issue(association, last_year)
    n = applications.count()
    tasks = [
        Task(
            "applications",
            ngettext("Application to review", "Applications to review", n),
            n,
            reverse("needs:applications_to_review"),
        ),
        Task(
            "proposals",
            ngettext(
                "Volunteer proposed by the territory",
                "Volunteers proposed by the territory",
                proposals,
            ),
            proposals,
            reverse("allocations:association_proposals"),
        ),
        documents_task(
            "agreements",
            ngettext(
                "Loan agreement or annex to accept",
                "Loan agreements or annexes to accept",
                len(agreements),
            ),
            agreements,
        ),
        Task(
            "hours",
            ngettext("Time entry to validate", "Time entries to validate", hours),
            hours,
            reverse("needs:hours_to_validate"),
        ),
        Task(
            "receipts",
            ngettext(
                "Company to send a %(year)s tax receipt to",
                "Companies to send a %(year)s tax receipt to",
                receipts,
            )
            % {"year": last_year},
            receipts,
            reverse("documents:association_receipts", args=[association.pk]) + f"?year={last_year}",
        ),
        attendance_task(association),
    ]
    managers = (
        Membership.objects.current()
        .filter(association=association, role=Role.ASSOCIATION_MANAGER)
        .count()
    )
    invited = Invitation.objects.filter(association=association).exists()
    steps = [
        Step(
            "profile",
            _("Fill in the association's profile (evidence of eligibility)"),
            association.is_active and bool(association.eligibility_evidence),
            reverse("organisations:association_detail", args=[association.pk]),
        ),
        Step(
            "members",
            _("Invite the other managers"),
            managers > 1 or invited,
            reverse("organisations:members", args=["association", association.pk]),
        ),
        Step(
            "credit",
            _("Receive a mixed subsidy from the commune"),
            MixedSubsidy.objects.filter(association=association).voted().exists(),
            reverse("needs:association_credit"),
        ),
        Step(
            "need",
            _("Publish a first need"),
            Need.objects.for_association(association)
            .exclude(status__in=[NeedStatus.DRAFT, NeedStatus.CANCELLED])
            .exists(),
            reverse("needs:need_create"),
        ),
    ]
    return {"tasks": waiting(tasks), "onboarding": onboarding(steps)}
