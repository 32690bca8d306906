"""The home inbox: each role sees what waits for it, counted from the data, with a link."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.models import Membership
from metis.accounts.tests.factories import PASSWORD, member
from metis.documents.models import ContractAmendment, LoanAgreement
from metis.documents.services import agreements as documents
from metis.inbox.selectors import inbox_for
from metis.needs.services import participations as needs
from metis.needs.services import time_entries
from metis.needs.tests.factories import make_cycle, signed_pledge
from metis.organisations.enums import OrganisationStatus
from metis.organisations.tests.factories import CompanyFactory
from metis.valuation.cost_prices import cost_price_record


def tasks(user, organisation):
    membership = Membership.objects.current().get(
        user=user, **{organisation.membership_field: organisation}
    )
    return {t.key: t.count for t in inbox_for(user, membership)["tasks"]}


def steps(user, organisation):
    membership = Membership.objects.current().get(
        user=user, **{organisation.membership_field: organisation}
    )
    return {s.key: s.done for s in inbox_for(user, membership)["onboarding"]}


@pytest.fixture
def cycle(db):
    cycle = make_cycle()
    cost_price_record(
        company=cycle.company,
        year=cycle.programme.starts_on.year,
        monthly_salary=Decimal("5000"),
        monthly_employer_charges=Decimal("2100"),
        employee=cycle.employee,
        by=cycle.referent,
    )
    return cycle


def test_each_step_of_the_cycle_lands_in_the_next_persons_inbox(cycle):
    p = cycle.participation("applied")
    assert tasks(cycle.manager, cycle.association) == {"applications": 1}

    needs.participation_accept(participation=p, by=cycle.manager)
    assert "applications" not in tasks(cycle.manager, cycle.association)
    assert tasks(cycle.referent, cycle.company) == {"approvals": 1}

    needs.participation_approve(
        participation=p,
        by=cycle.referent,
        planned_hours=Decimal("10"),
        starts_on=cycle.programme.starts_on,
        ends_on=cycle.programme.ends_on,
    )
    # Six acceptances wait: the agreement and the employee's annex (company, association), the
    # amendment (company, employee).
    assert tasks(cycle.referent, cycle.company) == {"documents": 3}
    assert tasks(cycle.manager, cycle.association) == {"agreements": 2}
    assert tasks(cycle.employee, cycle.company) == {"amendments": 1}

    agreement = LoanAgreement.objects.get()
    amendment = ContractAmendment.objects.get(participation=p)
    documents.agreement_accept(agreement=agreement, by=cycle.referent)
    documents.agreement_accept(agreement=agreement, by=cycle.manager)
    # The employee's annex, accepted on its own by both parties, still waits for them.
    assert tasks(cycle.referent, cycle.company) == {"documents": 2}
    assert tasks(cycle.manager, cycle.association) == {"agreements": 1}
    documents.annex_accept(annex=p.agreement_annex, by=cycle.referent)
    documents.annex_accept(annex=p.agreement_annex, by=cycle.manager)
    documents.amendment_accept(amendment=amendment, by=cycle.referent)
    assert tasks(cycle.referent, cycle.company) == {}
    assert tasks(cycle.manager, cycle.association) == {}
    documents.amendment_accept(amendment=amendment, by=cycle.employee)
    assert tasks(cycle.employee, cycle.company) == {"declare": 1}

    time_entries.time_entry_declare(
        participation=p,
        date=timezone.localdate(),  # the documents were accepted today: hours from today on
        hours=Decimal("3"),
        description="Relecture",
        by=cycle.employee,
    )
    assert tasks(cycle.manager, cycle.association) == {"hours": 1}


def test_the_home_page_lists_the_tasks_with_a_link(client, cycle):
    cycle.participation("applied")
    cycle.participation("applied", volunteer=member(Role.EMPLOYEE, cycle.company))
    client.login(email=cycle.manager.email, password=PASSWORD)
    page = client.get(reverse("inbox:home")).content.decode()
    assert "Candidatures à traiter" in page
    assert f'href="{reverse("needs:applications_to_review")}"' in page
    assert '<span class="badge rounded-pill text-bg-primary">2</span>' in page


def _task(user, organisation, key):
    membership = Membership.objects.current().get(
        user=user, **{organisation.membership_field: organisation}
    )
    return next(t for t in inbox_for(user, membership)["tasks"] if t.key == key)


def test_documents_to_accept_link_to_the_page_where_one_accepts(client, cycle):
    """One document waiting: its own page; several on different pages: the documents list."""
    p = cycle.participation("approved")
    agreement_page = reverse("documents:agreement_detail", args=[p.agreement_annex.agreement_id])
    amendment_page = reverse("documents:amendment_detail", args=[p.contract_amendment.pk])
    # The association: the agreement and the annex, both accepted on the agreement's page.
    assert _task(cycle.manager, cycle.association, "agreements").url == agreement_page
    assert _task(cycle.employee, cycle.company, "amendments").url == amendment_page
    assert _task(cycle.referent, cycle.company, "documents").url == reverse("documents:index")
    documents.agreement_accept(agreement=p.agreement_annex.agreement, by=cycle.referent)
    documents.annex_accept(annex=p.agreement_annex, by=cycle.referent)
    task = _task(cycle.referent, cycle.company, "documents")
    assert (task.count, task.url) == (1, amendment_page)
    client.login(email=cycle.referent.email, password=PASSWORD)
    page = client.get(reverse("inbox:home")).content.decode()
    assert "Convention, annexe ou avenant à accepter" in page
    assert f'href="{amendment_page}"' in page


def test_nothing_waiting_says_so(client, cycle):
    client.login(email=cycle.referent.email, password=PASSWORD)
    page = client.get(reverse("inbox:home")).content.decode()
    assert "Rien ne vous attend." in page


def test_a_new_company_gets_a_checklist_that_ticks_itself(db, cycle):
    company = CompanyFactory(status=OrganisationStatus.PENDING)
    referent = member(Role.COMPANY_REFERENT, company)
    assert steps(referent, company) == {
        "profile": False,
        "members": False,
        "cost_prices": False,
        "pledge": False,
    }
    company.status = OrganisationStatus.ACTIVE
    company.save()
    member(Role.EMPLOYEE, company)
    cost_price_record(
        company=company,
        year=cycle.programme.starts_on.year,
        monthly_salary=Decimal("4000"),
        monthly_employer_charges=Decimal("1700"),
        grade="Cadre",
        by=referent,
    )
    assert steps(referent, company) == {
        "profile": True,
        "members": True,
        "cost_prices": True,
        "pledge": False,
    }
    signed_pledge(cycle.programme, company, "10", by=referent)
    assert steps(referent, company) == {}  # set up: the checklist is gone


@pytest.mark.time_machine(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC))
def test_the_employee_is_told_of_their_civic_days_until_booked(cycle, client):
    """Credited, the employee's home offers their two half-days with the catalogue filtered on
    needs open to civic days; booked, the offer is gone."""
    from metis.civic.bookings import civic_day_book
    from metis.civic.services import civic_year_open
    from metis.needs.services import needs as need_services

    civic_year_open(year=2026)
    assert tasks(cycle.employee, cycle.company) == {"civic_days": 2}
    client.force_login(cycle.employee)
    page = client.get(reverse("inbox:home")).content.decode()
    assert reverse("needs:catalogue") + "?civique=1" in page
    need_services.need_civic_days_set(need=cycle.need, open_to_civic_days=True, by=cycle.manager)
    civic_day_book(
        need=cycle.need, volunteer=cycle.employee, day=datetime.date(2026, 4, 8), half_days=2
    )
    assert tasks(cycle.employee, cycle.company) == {}
