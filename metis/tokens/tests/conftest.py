import datetime
from types import SimpleNamespace

import pytest

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.documents.tests.factories import valued_cycle
from metis.needs.services.time_entries import time_entry_declare
from metis.needs.tests.factories import today
from metis.organisations.tests.factories import AssociationFactory, CompanyFactory
from metis.tokens.services import api_token_create, api_token_revoke


def declared(world, days_ago=1, hours="3"):
    return time_entry_declare(
        participation=world.participation,
        by=world.employee,
        date=today() - datetime.timedelta(days=days_ago),
        hours=hours,
        description="Relecture du bilan",
    )


@pytest.fixture
def world(db):
    """A mission cycle with an active participation, validated and valued hours, and one
    declared entry; tokens of the company and the association (read, write, revoked) and of two
    other organisations."""
    c = valued_cycle()
    w = SimpleNamespace(
        company=c.company,
        association=c.association,
        referent=c.referent,
        manager=c.manager,
        employee=c.employee,
        cycle=c,
    )
    w.participation = c.active
    w.entry = declared(w)
    w.other_company = CompanyFactory()
    w.other_association = AssociationFactory()
    w.other_referent = member(Role.COMPANY_REFERENT, w.other_company)
    w.other_manager = member(Role.ASSOCIATION_MANAGER, w.other_association)

    def token(organisation, scope, by):
        return api_token_create(organisation=organisation, name="Logiciel", scope=scope, by=by)

    w.company_read, w.company_read_text = token(w.company, "read", w.referent)
    w.company_write, w.company_write_text = token(w.company, "write", w.referent)
    w.association_read, w.association_read_text = token(w.association, "read", w.manager)
    w.association_write, w.association_write_text = token(w.association, "write", w.manager)
    _t, w.other_company_text = token(w.other_company, "write", w.other_referent)
    _t, w.other_association_text = token(w.other_association, "write", w.other_manager)
    revoked, w.company_revoked_text = token(w.company, "write", w.referent)
    api_token_revoke(token=revoked, by=w.referent)
    revoked, w.association_revoked_text = token(w.association, "write", w.manager)
    api_token_revoke(token=revoked, by=w.manager)
    return w
