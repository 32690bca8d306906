"""Who sees and does what with documents (django-rules)."""

import rules

from metis.accounts.permissions import (
    is_employee,
    is_manager_of_association,
    is_referent_of_company,
)


@rules.predicate
def manages_receipt_association(user, receipt):
    return receipt is not None and is_manager_of_association(user, receipt.association)


@rules.predicate
def is_referent_of_receipt_company(user, receipt):
    return receipt is not None and is_referent_of_company(user, receipt.company)


@rules.predicate
def is_agreement_referent(user, agreement):
    return agreement is not None and is_referent_of_company(user, agreement.company)


@rules.predicate
def is_agreement_manager(user, agreement):
    return agreement is not None and is_manager_of_association(user, agreement.association)


@rules.predicate
def is_amendment_employee(user, amendment):
    return amendment is not None and amendment.participation.volunteer_id == user.pk


@rules.predicate
def is_amendment_referent(user, amendment):
    return amendment is not None and is_referent_of_company(user, amendment.participation.company)


# Receipts: the issuing association's managers and the company's referents.
rules.add_perm(
    "documents.view_receipt", manages_receipt_association | is_referent_of_receipt_company
)
rules.add_perm("documents.cancel_receipt", manages_receipt_association)
rules.add_perm("documents.issue_receipts", is_manager_of_association)  # object: association
# Agreements: the company's referents and the association's managers (the employee reads his
# own annex in his amendment: the agreement lists the other employees too).
rules.add_perm("documents.view_agreement", is_agreement_referent | is_agreement_manager)
rules.add_perm("documents.accept_agreement", is_agreement_referent | is_agreement_manager)
rules.add_perm("documents.view_amendment", is_amendment_employee | is_amendment_referent)
rules.add_perm("documents.accept_amendment", is_amendment_employee | is_amendment_referent)
# Attestation: the employee, for himself.
rules.add_perm("documents.attestation", is_employee)
# Yearly statements: company referents (object: company); declaration: managers (association).
rules.add_perm("documents.company_statement", is_referent_of_company)
rules.add_perm("documents.association_declaration", is_manager_of_association)
