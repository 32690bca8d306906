"""Replaying the acceptances of a participation's documents, each by its own party, through the
real services (the demo's past programme, the benchmarks, the tests): the same path, and the
same one door to "active", as people accepting on their screens. Never called by a view."""

from metis.accounts.enums import Role
from metis.accounts.models import Membership

from .models import AgreementAnnex, ContractAmendment, Party
from .services.agreements import agreement_accept, amendment_accept, annex_accept


def first_member(role, **organisation):
    membership = (
        Membership.objects.current()
        .filter(role=role, **organisation)
        .select_related("user")
        .order_by("started_at", "pk")
        .first()
    )
    return membership.user if membership else None


def documents_accept_all(participation, *, company_by=None, association_by=None, now=None):
    """Every party accepts what it has not accepted yet of the participation's loan agreement,
    its annex and its contract amendment (the company's referent and the association's manager
    default to their first members); the participation is then active. Returns it refreshed."""
    annex = AgreementAnnex.objects.select_related("agreement").get(participation=participation)
    agreement = annex.agreement
    company_by = company_by or first_member(Role.COMPANY_REFERENT, company=agreement.company)
    association_by = association_by or first_member(
        Role.ASSOCIATION_MANAGER, association=agreement.association
    )
    for party, by in ((Party.COMPANY, company_by), (Party.ASSOCIATION, association_by)):
        if not agreement.current_version.accepted_by(party):
            agreement_accept(agreement=agreement, by=by, now=now)
        if not annex.accepted_by(party):
            annex_accept(annex=annex, by=by, now=now)
    amendment = ContractAmendment.objects.get(participation=participation)
    for party, by in ((Party.EMPLOYEE, participation.volunteer), (Party.COMPANY, company_by)):
        if not amendment.acceptances.filter(party=party).exists():
            amendment_accept(amendment=amendment, by=by, now=now)
    participation.refresh_from_db()
    return participation
