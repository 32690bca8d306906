import datetime
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from metis.accounts.models import VolunteerProfile
from metis.documents.models import (
    Acceptance,
    AgreementAnnex,
    ContractAmendment,
    LoanAgreement,
)
from metis.documents.services import activation
from metis.documents.services import agreements as agreement_services
from metis.needs.enums import ParticipationStatus
from metis.needs.models import Participation
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


def _texts_hash(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def test_approval_prepares_agreement_annex_and_amendment_without_activating(cycle):
    p = cycle.participation("approved", hours="20")
    assert p.status == ParticipationStatus.APPROVED
    agreement = LoanAgreement.objects.get(
        company=cycle.company, association=cycle.association, programme=cycle.programme
    )
    version = agreement.current_version
    assert version.number == 1 and version.pdf is None and not version.html  # when needed
    data = agreement_services.agreement_version_pdf(version)
    version.refresh_from_db()
    assert bytes(version.pdf) == data
    assert version.sha256 == _texts_hash(version.html)  # the text accepted, byte for byte
    assert agreement_services.agreement_version_pdf(version) == data  # stored, not re-rendered
    text = pdf_text(version.pdf)
    for mention in [
        "Convention de mise à disposition",
        "L8241-2",
        "L8241-3",
        cycle.company.name,
        cycle.company.siren,
        cycle.association.name,
        cycle.association.rna,
        "trois ans",  # duration
        "sans facturation",
        # how salaries, charges and expenses are determined, and that none is billed
        "Le salaire du salarié reste déterminé par son contrat de travail",
        "Aucun de ces montants (salaires, charges sociales, frais professionnels) n’est facturé",
        "retrouve son poste de travail ou un poste équivalent",
        "ne pas être dotée d’un comité social et économique",
    ]:
        assert squeeze(mention) in text, mention
    annex = AgreementAnnex.objects.get(participation=p)
    text = pdf_text(agreement_services.annex_pdf(annex))
    employee = cycle.employee.get_full_name()
    for mention in [
        employee,  # identity
        "Contrôleuse de gestion",  # qualification
        cycle.need.title,  # tasks
        "20,00 h",  # planned hours
        f"du {p.planned_starts_on:%d/%m/%Y} au {p.planned_ends_on:%d/%m/%Y}",  # dates
        "au plus 3 ans",
        "20,00 h × 46,81 €/h = 936,20 €",  # valuation
        "Calendrier prévisionnel",
        "Horaires",
        "Caractéristiques du poste",
    ]:
        assert squeeze(mention) in text, mention
    amendment = ContractAmendment.objects.get(participation=p)
    agreement_services.amendment_pdf(amendment)
    amendment.refresh_from_db()
    assert amendment.sha256 == _texts_hash(amendment.html)
    text = pdf_text(amendment.pdf)
    for mention in [
        "Avenant au contrat de travail",
        employee,
        "Missions confiées",
        cycle.need.title,
        "Horaires",
        "heures au total, prises sur le temps de travail",
        "au plus 10 heures par jour",
        "Lieu de travail",
        cycle.need.commune.name,
        "Caractéristiques du poste",
        "Le salarié donne son accord",
        "ne peut donner lieu à aucune sanction",
        "retrouve son poste de travail ou un poste équivalent",
    ]:
        assert squeeze(mention) in text, mention


def test_valuation_printed_only_where_known(db):
    cycle = make_cycle()  # no cost price recorded
    p = cycle.participation("approved", hours="20")
    text = pdf_text(agreement_services.annex_pdf(AgreementAnnex.objects.get(participation=p)))
    assert "0,00€" not in text
    assert squeeze("La valorisation prévisionnelle sera connue lorsque") in text


def test_works_council_consultation_printed_and_required(cycle):
    p = cycle.participation("approved")
    agreement = LoanAgreement.objects.get()
    cycle.company.has_works_council = True
    cycle.company.save()
    with pytest.raises(ValidationError) as error:
        agreement_services.agreement_accept(agreement=agreement, by=cycle.referent)
    assert error.value.code == "works_council"
    assert not Acceptance.objects.exists()
    cycle.company.works_council_consulted_on = datetime.date(2026, 1, 15)
    cycle.company.save()
    agreement_services.agreement_accept(agreement=agreement, by=cycle.referent)
    text = pdf_text(agreement_services.agreement_version_pdf(agreement.current_version))
    assert squeeze("a été consulté sur les mises à disposition de personnel le 15/01/2026") in text
    assert p.status == ParticipationStatus.APPROVED


def _accept_all_but(cycle, p, skipped):
    """Every acceptance of p's documents but `skipped` ((document, party))."""
    agreement = LoanAgreement.objects.get()
    annex = AgreementAnnex.objects.get(participation=p)
    amendment = ContractAmendment.objects.get(participation=p)
    steps = [
        (
            ("agreement", "company"),
            agreement_services.agreement_accept,
            "agreement",
            agreement,
            cycle.referent,
        ),
        (
            ("agreement", "association"),
            agreement_services.agreement_accept,
            "agreement",
            agreement,
            cycle.manager,
        ),
        (("annex", "company"), agreement_services.annex_accept, "annex", annex, cycle.referent),
        (("annex", "association"), agreement_services.annex_accept, "annex", annex, cycle.manager),
        (
            ("amendment", "employee"),
            agreement_services.amendment_accept,
            "amendment",
            amendment,
            p.volunteer,
        ),
        (
            ("amendment", "company"),
            agreement_services.amendment_accept,
            "amendment",
            amendment,
            cycle.referent,
        ),
    ]
    for key, service, name, document, by in steps:
        if key != skipped:
            service(**{name: document, "by": by})


@pytest.mark.parametrize(
    "skipped, missing",
    [
        (("agreement", "company"), "MISSING_AGREEMENT_COMPANY"),
        (("agreement", "association"), "MISSING_AGREEMENT_ASSOCIATION"),
        (("annex", "company"), "MISSING_ANNEX_COMPANY"),
        (("annex", "association"), "MISSING_ANNEX_ASSOCIATION"),
        (("amendment", "employee"), "MISSING_AMENDMENT_EMPLOYEE"),
        (("amendment", "company"), "MISSING_AMENDMENT_COMPANY"),
    ],
)
def test_activation_needs_every_acceptance(cycle, skipped, missing):
    p = cycle.participation("approved")
    _accept_all_but(cycle, p, skipped)
    p.refresh_from_db()
    assert p.status == ParticipationStatus.APPROVED and p.activated_at is None
    # The one door says what is missing, and writes nothing.
    with pytest.raises(ValidationError) as error:
        activation.participation_activate(participation=p, by=cycle.referent)
    assert error.value.code == "documents_missing"
    assert str(getattr(activation, missing)) in error.value.messages[0]
    assert Participation.objects.get(pk=p.pk).status == ParticipationStatus.APPROVED


def test_every_acceptance_activates_and_records_the_text(cycle):
    p = cycle.participation("approved")
    _accept_all_but(cycle, p, None)
    p.refresh_from_db()
    assert p.status == ParticipationStatus.ACTIVE and p.activated_at is not None
    with pytest.raises(ValidationError) as error:
        agreement_services.agreement_accept(
            agreement=LoanAgreement.objects.get(), by=cycle.referent
        )
    assert error.value.code == "already_accepted"
    version = LoanAgreement.objects.get().current_version
    assert set(
        Acceptance.objects.filter(agreement_version=version).values_list("sha256", flat=True)
    ) == {version.sha256}
    annex = AgreementAnnex.objects.get(participation=p)
    assert set(annex.acceptances.values_list("sha256", flat=True)) == {annex.sha256}


def test_outsider_is_not_a_party(cycle):
    p = cycle.participation("approved")
    agreement = LoanAgreement.objects.get()
    with pytest.raises(ValidationError):
        agreement_services.agreement_accept(agreement=agreement, by=cycle.employee)
    with pytest.raises(ValidationError):
        agreement_services.annex_accept(annex=p.agreement_annex, by=cycle.employee)
    with pytest.raises(ValidationError):
        agreement_services.amendment_accept(amendment=p.contract_amendment, by=cycle.manager)
    assert not Acceptance.objects.exists()


def test_adding_an_employee_does_not_suspend_the_active_ones(cycle):
    p = cycle.participation("approved")
    _accept_all_but(cycle, p, None)
    version = LoanAgreement.objects.get().current_version
    other = volunteer(cycle.company)
    q = cycle.participation("approved", volunteer=other, hours="5")
    agreement = LoanAgreement.objects.get()
    # Same agreement, same version in force: only the new annex and amendment await.
    assert agreement.current_version == version and version.number == 1
    p.refresh_from_db()
    assert p.status == ParticipationStatus.ACTIVE
    agreement_services.amendment_accept(amendment=q.contract_amendment, by=cycle.referent)
    agreement_services.amendment_accept(amendment=q.contract_amendment, by=other)
    agreement_services.annex_accept(annex=q.agreement_annex, by=cycle.referent)
    q.refresh_from_db()
    assert q.status == ParticipationStatus.APPROVED
    agreement_services.annex_accept(annex=q.agreement_annex, by=cycle.manager)
    q.refresh_from_db()
    p.refresh_from_db()
    assert q.status == p.status == ParticipationStatus.ACTIVE


def test_loan_longer_than_three_years_refused():
    start = datetime.date(2026, 1, 1)
    assert agreement_services.loan_duration_ok(start, datetime.date(2028, 12, 31))
    assert not agreement_services.loan_duration_ok(start, datetime.date(2029, 1, 1))
