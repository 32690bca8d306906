"""Documents about a person (accounts.personal_data). On erasure the loan agreements and
contract amendments are pseudonymised (annexes and stored PDFs rendered again with the erased
name); receipts name no employee and are kept as issued (accounting documents, 10 years: the
signatory's name is a legal mention, rules.md § 5 and § 7). docs/privacy.md lists them."""

from metis.accounts.personal_data import ERASED_NAME, iso

from .models import Acceptance, AgreementAnnex, ContractAmendment
from .services.agreements import agreements_pseudonymise_employee


def export(user) -> dict:
    annexes = AgreementAnnex.objects.filter(participation__volunteer=user).select_related(
        "agreement__company", "agreement__association", "agreement__programme"
    )
    amendments = ContractAmendment.objects.filter(participation__volunteer=user).select_related(
        "participation__need"
    )
    return {
        "documents": {
            "loan_agreement_annexes": [
                {
                    "company": a.agreement.company.name,
                    "association": a.agreement.association.name,
                    "programme": a.agreement.programme.name,
                    "employee_name": a.employee_name,
                    "job_title": a.job_title,
                    "tasks": a.tasks,
                    "planned_hours": str(a.planned_hours),
                    "starts_on": iso(a.starts_on),
                    "ends_on": iso(a.ends_on),
                    "hourly_cost": str(a.hourly_cost) if a.hourly_cost is not None else None,
                    "place": a.place,
                }
                for a in annexes.order_by("pk")
            ],
            "contract_amendments": [
                {"need": m.participation.need.title, "created_at": iso(m.created_at)}
                for m in amendments.order_by("pk")
            ],
            "acceptances": [
                {
                    "party": acceptance.party,
                    "accepted_at": iso(acceptance.accepted_at),
                    "sha256": acceptance.sha256,
                }
                for acceptance in Acceptance.objects.filter(user=user).order_by("accepted_at")
            ],
        }
    }


def erase(user, former) -> None:
    agreements_pseudonymise_employee(user=user, names=former.forms, erased_name=ERASED_NAME)
