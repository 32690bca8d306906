import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, member
from metis.documents import statements
from metis.documents.models import Acceptance, LoanAgreement, Receipt
from metis.documents.services import receipt_batches
from metis.documents.services import receipts as receipt_services
from metis.organisations.services import signatory_end
from metis.organisations.tests.factories import AssociationFactory, fiscal_year

from .factories import day, pdf_text, record_signatory, squeeze, valued_cycle

#: The days worked (a few days ago) and the fiscal year they are counted in must not straddle a
#: new year: the clock is set in mid-June.
pytestmark = pytest.mark.time_machine(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC))


@pytest.fixture
def world(db):
    cycle = valued_cycle()
    cycle.receipt = receipt_services.receipt_issue(
        association=cycle.association,
        company=cycle.company,
        period_start=day(30),
        period_end=day(0),
        by=cycle.manager,
    )
    cycle.agreement = LoanAgreement.objects.get()
    fiscal_year(cycle.company, end=datetime.date(day(0).year, 12, 31))
    cycle.outsider = UserFactory()
    cycle.other_manager = member(Role.ASSOCIATION_MANAGER, AssociationFactory())
    cycle.batch = receipt_batches.receipt_batch_start(
        association=cycle.association, year=day(0).year, by=cycle.manager
    )
    return cycle


def urls(w):
    end = f"{day(0).year}-12-31"
    return {
        "receipt": reverse("documents:receipt_detail", args=[w.receipt.pk]),
        "receipt_pdf": reverse("documents:receipt_pdf", args=[w.receipt.pk]),
        "issue": reverse("documents:association_receipts", args=[w.association.pk]),
        "declaration": reverse("documents:association_declaration", args=[w.association.pk]),
        "agreement": reverse("documents:agreement_detail", args=[w.agreement.pk]),
        "agreement_pdf": reverse("documents:agreement_pdf", args=[w.agreement.pk, 1]),
        "annex_pdf": reverse(
            "documents:annex_pdf", args=[w.agreement.pk, w.active.agreement_annex.pk]
        ),
        "amendment": reverse("documents:amendment_detail", args=[w.active.contract_amendment.pk]),
        "amendment_pdf": reverse("documents:amendment_pdf", args=[w.active.contract_amendment.pk]),
        "batch": reverse("documents:receipt_batch", args=[w.batch.pk]),
        "statements": reverse("documents:company_statements", args=[w.company.pk]),
        "statement_pdf": reverse("documents:company_statement", args=[w.company.pk, end, "pdf"]),
        "statement_csv": reverse("documents:company_statement", args=[w.company.pk, end, "csv"]),
        "statement_xlsx": reverse("documents:company_statement", args=[w.company.pk, end, "xlsx"]),
    }


ALLOWED = {
    "manager": {
        "receipt",
        "receipt_pdf",
        "issue",
        "declaration",
        "agreement",
        "agreement_pdf",
        "annex_pdf",
        "batch",
    },
    "referent": {
        "receipt",
        "receipt_pdf",
        "agreement",
        "agreement_pdf",
        "annex_pdf",
        "amendment",
        "amendment_pdf",
        "statements",
        "statement_pdf",
        "statement_csv",
        "statement_xlsx",
    },
    "employee": {"amendment", "amendment_pdf"},
    "outsider": set(),
    "other_manager": set(),
}


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_every_view_for_every_role(client, world, role):
    client.force_login(getattr(world, role))
    for name, url in urls(world).items():
        response = client.get(url)
        expected = 200 if name in ALLOWED[role] else 403
        assert response.status_code == expected, (role, name, response.status_code)


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_the_documents_index_lists_only_ones_own(client, world, role):
    client.force_login(getattr(world, role))
    response = client.get(reverse("documents:index"))
    assert response.status_code == 200
    assert (world.receipt.number in response.text) == (role in {"manager", "referent"})


def test_anonymous_is_sent_to_log_in(client, world):
    for url in [reverse("documents:index"), *urls(world).values()]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["referent", "employee", "outsider", "other_manager"])
def test_refused_writes_write_nothing(client, world, role):
    client.force_login(getattr(world, role))
    client.post(
        reverse("documents:receipt_cancel", args=[world.receipt.pk]),
        {"reason": "x", "reissue": "1"},
    )
    client.post(
        urls(world)["issue"],
        {"company": world.company.pk, "period_start": day(1), "period_end": day(0)},
    )
    assert Receipt.objects.count() == 1 and Receipt.objects.get().status == "issued"
    if role in ("outsider", "other_manager", "employee"):
        accepted = Acceptance.objects.count()
        url = reverse("documents:agreement_accept", args=[world.agreement.pk])
        assert client.post(url).status_code == 403
        annex = world.active.agreement_annex
        assert client.post(url, {"annexe": annex.pk}).status_code == 403
        assert Acceptance.objects.count() == accepted


def test_statement_pdf_csv_xlsx(client, world):
    client.force_login(world.referent)
    u = urls(world)
    text = pdf_text(client.get(u["statement_pdf"]).content)
    for mention in [
        world.association.name,
        world.receipt.number,
        "374,48",
        "Réduction d’impôt de l’exercice",
        "Report de dons restant",
        "Report de réduction restant",
        "2069-RCI-SD",
        "Contrepartie",
    ]:
        assert squeeze(mention) in text, mention
    csv_text = client.get(u["statement_csv"]).content.decode()
    assert csv_text.startswith("\ufeffBénéficiaire;")
    assert "374,48" in csv_text and world.receipt.number in csv_text
    assert client.get(u["statement_xlsx"]).content[:2] == b"PK"


@pytest.mark.time_machine(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC))
def test_attestation_for_the_employee(client, world):
    """The two days worked (3 and 2 days ago) fall in the same year: on 3 January one of
    them would be in the previous year's attestation, so the date is fixed."""
    client.force_login(world.employee)
    year = day(2).year
    response = client.get(reverse("documents:attestation_pdf", args=[year]))
    text = pdf_text(response.content)
    for mention in [
        world.employee.get_full_name(),
        world.association.name,
        world.need.title,
        f"01/01/{year}",
        "Heures validées",
        "8,00 h",
        "Signature des associations",
        world.signatory.full_name,
        "Président",
    ]:
        assert squeeze(mention) in text, mention
    client.force_login(world.manager)
    assert client.get(reverse("documents:attestation_pdf", args=[year])).status_code == 403


@pytest.mark.time_machine(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC))
def test_attestation_names_the_president_before_the_treasurer(client, world):
    """The attestation names the association's president when it recorded several signatories,
    and says so when it recorded none."""
    signatory_end(signatory=world.signatory, by=world.manager)
    year = day(2).year
    client.force_login(world.employee)
    text = pdf_text(client.get(reverse("documents:attestation_pdf", args=[year])).content)
    assert squeeze("Aucun signataire enregistré") in text
    record_signatory(
        world.association, world.manager, quality="treasurer", name="Zébulon Trésorier"
    )
    other = member(Role.ASSOCIATION_MANAGER, world.association)
    record_signatory(world.association, other, quality="president", name="Anne Présidente")
    text = pdf_text(client.get(reverse("documents:attestation_pdf", args=[year])).content)
    assert squeeze("Anne Présidente") in text and "Zébulon" not in text


def test_declaration_and_deadline(world):
    d = statements.association_yearly_declaration(world.association, world.receipt.year)
    assert d["count"] == 1 and d["total"] == world.receipt.amount
    # 1 May 2027 is a Saturday: Mon 3, Tue 4 May.
    assert statements.declaration_deadline(datetime.date(2026, 12, 31)) == datetime.date(2027, 5, 4)
    # 1 May 2025 is a Thursday: Fri 2, Mon 5 May.
    assert statements.declaration_deadline(datetime.date(2024, 12, 31)) == datetime.date(2025, 5, 5)
    assert statements.declaration_deadline(datetime.date(2026, 6, 30)) == datetime.date(2026, 9, 30)


def test_year_end_batch_issues_and_reports_progress(
    client, world, django_capture_on_commit_callbacks
):
    receipt_services.receipt_cancel(receipt=world.receipt, by=world.manager, reason="test")
    client.force_login(world.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("documents:receipt_batch_start", args=[world.association.pk]),
            {"year": day(2).year},
            follow=True,
        )
    assert response.status_code == 200
    batch = world.association.receipt_batches.exclude(pk=world.batch.pk).get()
    assert batch.status == "done" and batch.done == 1 and batch.percent == 100
    assert Receipt.objects.issued().count() == 1


def test_statement_exports_neutralise_a_formula_in_an_association_name(client, world):
    """Each of =, +, -, @, tab and CR at the start of the beneficiary's name: CSV cell prefixed
    with ', XLSX cell written as text (never a formula)."""
    from metis.core.tests.test_exports import PAYLOADS, assert_no_formula, read_csv, read_xlsx
    from metis.organisations.models import Association

    client.force_login(world.referent)
    u = urls(world)
    for payload in PAYLOADS:
        Association.objects.filter(pk=world.association.pk).update(name=payload)
        rows = read_csv(client.get(u["statement_csv"]).content)
        assert rows[1][0] == "'" + payload
        data = client.get(u["statement_xlsx"]).content
        assert_no_formula(data)
        donations = read_xlsx(data)[0]
        assert donations["A2"].value.replace("\r", "\n") == "'" + payload.replace("\r", "\n")
        assert donations["A2"].data_type == "s"
        assert isinstance(donations["F2"].value, (int, float))  # the amount stays a number


# Year-end issue as a background job: cancel, time-out ---------------------------------------


def _queued_batch(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.manager)
    before = set(world.association.receipt_batches.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(
            reverse("documents:receipt_batch_start", args=[world.association.pk]),
            {"year": day(2).year},
        )
    return world.association.receipt_batches.exclude(pk__in=before).get(), callbacks


def test_the_manager_cancels_a_queued_year_end_issue(
    client, world, django_capture_on_commit_callbacks
):
    batch, callbacks = _queued_batch(client, world, django_capture_on_commit_callbacks)
    page = client.get(reverse("documents:receipt_batch", args=[batch.pk])).content.decode()
    assert reverse("documents:receipt_batch_cancel", args=[batch.pk]) in page
    client.post(reverse("documents:receipt_batch_cancel", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "cancelled" and world.manager.get_full_name() in batch.error
    for callback in callbacks:  # the worker picks the task up afterwards: nothing issued
        callback()
    batch.refresh_from_db()
    assert batch.status == "cancelled" and batch.done == 0
    page = client.get(reverse("documents:receipt_batch", args=[batch.pk])).content.decode()
    assert "les reçus déjà émis le restent" in page


def test_a_finished_issue_cannot_be_cancelled(client, world, django_capture_on_commit_callbacks):
    from metis.documents.services import receipt_batches

    batch, callbacks = _queued_batch(client, world, django_capture_on_commit_callbacks)
    for callback in callbacks:
        callback()
    batch.refresh_from_db()
    assert batch.status == "done"  # nothing left to receipt: the company has its receipt
    with pytest.raises(ValidationError) as refused:
        receipt_batches.receipt_batch_cancel(batch=batch, by=world.manager)
    assert refused.value.messages == [str(receipt_batches.BATCH_NOT_RUNNING)]
    client.post(reverse("documents:receipt_batch_cancel", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "done" and batch.error == ""


def test_an_issue_past_its_time_out_fails_with_a_message(
    client, world, django_capture_on_commit_callbacks
):
    from metis.core.workers import HOUSEKEEPING
    from metis.documents.services import receipt_batches

    assert receipt_batches.receipt_batches_expire in HOUSEKEEPING
    batch, _callbacks = _queued_batch(client, world, django_capture_on_commit_callbacks)
    timeout = receipt_batches.BATCH_TIMEOUT
    # Within its time-out it stays queued (older batches of the fixture may expire meanwhile).
    receipt_batches.receipt_batches_expire(now=batch.created_at + timeout / 2)
    batch.refresh_from_db()
    assert batch.status == "queued"
    later = batch.created_at + timeout + datetime.timedelta(seconds=1)
    assert receipt_batches.receipt_batches_expire(now=later) >= 1
    batch.refresh_from_db()
    assert batch.status == "failed" and "30 minutes" in batch.error
    page = client.get(reverse("documents:receipt_batch", args=[batch.pk])).content.decode()
    assert "30 minutes" in page


def test_an_issue_whose_task_crashes_is_shown_failed(
    client, world, django_capture_on_commit_callbacks
):
    # The receipt marked cancelled behind the services' back keeps its lines: issuing again
    # breaks the database's one-receipt-per-entry constraint inside the task.
    Receipt.objects.all().update(
        status="cancelled", cancelled_at=world.receipt.issued_at, cancellation_reason="test"
    )
    batch, callbacks = _queued_batch(client, world, django_capture_on_commit_callbacks)
    for callback in callbacks:
        callback()
    batch.refresh_from_db()
    assert batch.status == "failed" and "IntegrityError" in batch.error
    page = client.get(reverse("documents:receipt_batch", args=[batch.pk])).content.decode()
    assert "IntegrityError" in page
    assert reverse("documents:receipt_batch_cancel", args=[batch.pk]) not in page


@pytest.mark.parametrize("role", ["referent", "employee", "outsider", "other_manager"])
def test_only_the_association_cancels_its_issue(
    client, world, django_capture_on_commit_callbacks, role
):
    batch, _callbacks = _queued_batch(client, world, django_capture_on_commit_callbacks)
    client.force_login(getattr(world, role))
    response = client.post(reverse("documents:receipt_batch_cancel", args=[batch.pk]))
    assert response.status_code == 403
    batch.refresh_from_db()
    assert batch.status == "queued" and batch.error == ""
