"""A company referent's inbox."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metis.accounts.enums import Role
from metis.accounts.models import Invitation, Membership
from metis.needs.models import ExtraHoursRequest, Participation, TimeEntry
from metis.programmes.enums import PledgeStatus
from metis.programmes.models import Pledge
from metis.valuation.models import CostPrice

from ..items import Step, Task, onboarding, waiting
from .documents import Party, agreement_pages, amendment_pages, documents_task


def inbox(user, company) -> dict:
    approvals = Participation.objects.for_company(company).awaiting_employer().count()
    extra = ExtraHoursRequest.objects.pending().for_company(company).count()
    documents = agreement_pages(Party.COMPANY, company=company) + amendment_pages(
        Party.COMPANY, company=company
    )
    unvalued = TimeEntry.objects.for_company(company).awaiting_cost_price().count()
    drafts = Pledge.objects.filter(company=company, status=PledgeStatus.DRAFT).count()
    cost_prices = reverse("valuation_company:cost_prices", args=[company.pk])
    tasks = [
        Task(
            "approvals",
            ngettext("Participation to approve", "Participations to approve", approvals),
            approvals,
            reverse("needs:approvals"),
        ),
        Task(
            "extra_hours",
            ngettext("Extra hours asked", "Extra hours asked", extra),
            extra,
            reverse("needs:extra_hours"),
        ),
        documents_task(
            "documents",
            ngettext(
                "Agreement, annex or amendment to accept",
                "Agreements, annexes or amendments to accept",
                len(documents),
            ),
            documents,
        ),
        Task(
            "cost_prices",
            ngettext(
                "Validated time entry awaiting a cost price",
                "Validated time entries awaiting a cost price",
                unvalued,
            ),
            unvalued,
            cost_prices,
        ),
        Task(
            "pledges",
            ngettext("Pledge to sign", "Pledges to sign", drafts),
            drafts,
            reverse("programmes:pledge_list"),
        ),
    ]
    employees = Membership.objects.current().filter(company=company, role=Role.EMPLOYEE)
    steps = [
        Step(
            "profile",
            _("Have the company's profile checked and activated"),
            company.is_active,
            reverse("organisations:company_detail", args=[company.pk]),
        ),
        Step(
            "members",
            _("Invite employees"),
            employees.exists()
            or Invitation.objects.filter(company=company, role=Role.EMPLOYEE).exists(),
            reverse("organisations:members", args=["entreprise", company.pk]),
        ),
        Step(
            "cost_prices",
            _("Enter the hourly cost prices"),
            CostPrice.objects.filter(company=company).exists(),
            cost_prices,
        ),
        Step(
            "pledge",
            _("Sign a first pledge of hours"),
            Pledge.objects.filter(company=company).signed().exists(),
            reverse("programmes:pledge_list"),
        ),
    ]
    return {"tasks": waiting(tasks), "onboarding": onboarding(steps)}
