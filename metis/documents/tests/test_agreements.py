import datetime
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from metis.accounts.models import VolunteerProfile
from metis.documents.models import (
    Acceptance,
    AgreementVersion,
    ContractAmendment,
    LoanAgreement,
    Party,
)
from metis.documents.services import agreements as agreement_services
from metis.needs.enums import ParticipationStatus
from metis.needs.tests.factories import make_cycle, volunteer
from metis.valuation.cost_prices import cost_price_record

from .factories import pdf_text, squeeze


@pytest.fixture
def cycle(db):
    cycle = make_cycle()
    profile = VolunteerProfile.objects.get(user=cycle.employee)
    profile.job_title = "Contrôleuse de gestion"
    profile.save()
    cost_price_record(
        company=cycle.company,
        year=cycle.programme.starts_on.year,
        monthly_salary=Decimal("5000"),
        monthly_employer_charges=Decimal("2100"),
        employee=cycle.employee,
        by=cycle.referent,
    )
    return cycle


def test_approval_prepares_agreement_and_amendment_without_activating(cycle):
    p = cycle.participation("approved", hours="20")
    assert p.status == ParticipationStatus.APPROVED
    agreement = LoanAgreement.objects.get(
        company=cycle.company, association=cycle.association, programme=cycle.programme
    )
    version = agreement.current_version
    assert version.number == 1 and version.pdf is None  # rendered when first needed
    data = agreement_services.agreement_version_pdf(version)
    version.refresh_from_db()
    assert bytes(version.pdf) == data
    assert version.sha256 == hashlib.sha256(data).hexdigest()
    assert agreement_services.agreement_version_pdf(version) == data  # stored, not re-rendered
    text = pdf_text(version.pdf)
    employee = cycle.employee.get_full_name()
    mentions = [
        "Convention de mise à disposition",
        "L8241-2",
        "L8241-3",
        cycle.company.name,
        cycle.company.siren,
        cycle.association.name,
        cycle.association.rna,
        employee,  # identity
        "Contrôleuse de gestion",  # qualification
        cycle.need.title,  # tasks
        "20,00 h",  # planned hours
        f"du {p.planned_starts_on:%d/%m/%Y} au {p.planned_ends_on:%d/%m/%Y}",  # dates
        "au plus 3 ans",  # duration
        "sans facturation",
        "20,00 h × 46,81 €/h = 936,20 €",  # valuation
        "Calendrier prévisionnel",
    ]
    for mention in mentions:
        assert squeeze(mention) in text, mention
    amendment = ContractAmendment.objects.get(participation=p)
    agreement_services.amendment_pdf(amendment)
    amendment.refresh_from_db()
    assert amendment.sha256 == hashlib.sha256(bytes(amendment.pdf)).hexdigest()
    text = pdf_text(amendment.pdf)
    for mention in [
        "Avenant au contrat de travail",
        employee,
        "Missions confiées",
        cycle.need.title,
        "Horaires",
        "20,00 heures",
        "Lieu de travail",
        cycle.need.commune.name,
    ]:
        assert squeeze(mention) in text, mention


def test_activation_needs_every_acceptance(cycle):
    p = cycle.participation("approved")
    agreement = LoanAgreement.objects.get()
    amendment = ContractAmendment.objects.get(participation=p)
    agreement_services.agreement_accept(agreement=agreement, by=cycle.referent)
    with pytest.raises(ValidationError) as error:
        agreement_services.agreement_accept(agreement=agreement, by=cycle.referent)
    assert error.value.code == "already_accepted"
    agreement_services.agreement_accept(agreement=agreement, by=cycle.manager)
    agreement_services.amendment_accept(amendment=amendment, by=cycle.referent)
    p.refresh_from_db()
    assert p.status == ParticipationStatus.APPROVED
    acceptance = agreement_services.amendment_accept(amendment=amendment, by=cycle.employee)
    p.refresh_from_db()
    amendment.refresh_from_db()
    assert p.status == ParticipationStatus.ACTIVE
    assert acceptance.party == Party.EMPLOYEE and acceptance.sha256 == amendment.sha256
    version = agreement.current_version
    assert set(
        Acceptance.objects.filter(agreement_version=version).values_list("sha256", flat=True)
    ) == {version.sha256}


def test_outsider_is_not_a_party(cycle):
    p = cycle.participation("approved")
    with pytest.raises(ValidationError):
        agreement_services.agreement_accept(
            agreement=LoanAgreement.objects.get(), by=cycle.employee
        )
    with pytest.raises(ValidationError):
        agreement_services.amendment_accept(amendment=p.contract_amendment, by=cycle.manager)
    assert not Acceptance.objects.exists()


def test_new_participation_makes_a_new_version_to_accept_again(cycle):
    p = cycle.participation("approved")
    agreement = LoanAgreement.objects.get()
    agreement_services.agreement_accept(agreement=agreement, by=cycle.referent)
    agreement_services.agreement_accept(agreement=agreement, by=cycle.manager)
    agreement_services.amendment_accept(amendment=p.contract_amendment, by=cycle.referent)
    agreement_services.amendment_accept(amendment=p.contract_amendment, by=cycle.employee)
    first = agreement.current_version
    other = volunteer(cycle.company)
    q = cycle.participation("approved", volunteer=other, hours="5")
    assert LoanAgreement.objects.count() == 1
    current = agreement.current_version
    assert current.number == 2 and current.annexes.count() == 2
    assert not current.is_complete and first.is_complete
    # The accepted version is kept byte for byte.
    assert AgreementVersion.objects.get(pk=first.pk).sha256 == first.sha256
    agreement_services.amendment_accept(amendment=q.contract_amendment, by=cycle.referent)
    agreement_services.amendment_accept(amendment=q.contract_amendment, by=other)
    agreement_services.agreement_accept(agreement=agreement, by=cycle.referent)
    q.refresh_from_db()
    assert q.status == ParticipationStatus.APPROVED
    agreement_services.agreement_accept(agreement=agreement, by=cycle.manager)
    q.refresh_from_db()
    p.refresh_from_db()
    assert q.status == p.status == ParticipationStatus.ACTIVE


def test_loan_longer_than_three_years_refused():
    start = datetime.date(2026, 1, 1)
    assert agreement_services.loan_duration_ok(start, datetime.date(2028, 12, 31))
    assert not agreement_services.loan_duration_ok(start, datetime.date(2029, 1, 1))
