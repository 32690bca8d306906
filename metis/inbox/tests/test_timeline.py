"""The participation timeline: each step with its date, the documents' acceptances with who
must still accept, and for the person viewing it what they must do now or whom it waits for."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.documents.services import agreements as documents
from metis.inbox.timeline import CURRENT, DONE, UPCOMING, participation_timeline
from metis.needs.enums import WithdrawalReason
from metis.needs.services import participations as participation_services
from metis.needs.services import time_entries as time_entry_services
from metis.needs.tests.factories import make_cycle, today


@pytest.fixture
def cycle(db):
    return make_cycle()


def states(timeline):
    return [(step.label, step.state) for step in timeline.steps]


def mine(timeline):
    return [action.label for action in timeline.mine]


def others(timeline):
    return [(name, action.label) for name, action in timeline.others]


def test_an_application_waits_for_the_association(cycle):
    p = cycle.participation("applied")
    timeline = participation_timeline(p, cycle.employee)
    assert states(timeline) == [
        ("Candidature envoyée", DONE),
        ("Acceptée par l’association", CURRENT),
        ("Approuvée par l'employeur", UPCOMING),
        ("Documents acceptés par toutes les parties", UPCOMING),
        ("Active : les heures peuvent être déclarées", UPCOMING),
        ("Terminé", UPCOMING),
    ]
    assert timeline.steps[0].at == p.created_at
    assert mine(timeline) == []
    assert others(timeline) == [(cycle.association.name, "répondre à la candidature")]
    assert mine(participation_timeline(p, cycle.manager)) == ["répondre à la candidature"]


def test_approved_lists_each_awaited_acceptance_and_whose_turn_it_is(cycle):
    p = cycle.participation("approved")
    timeline = participation_timeline(p, cycle.employee)
    assert [s for s in states(timeline) if s[1] == CURRENT] == [
        ("Documents acceptés par toutes les parties", CURRENT)
    ]
    assert timeline.steps[2].at == p.approved_at
    assert [(row["label"], row["at"]) for row in timeline.steps[3].acceptances] == [
        ("la convention de mise à disposition par le ou la référente de l’entreprise", None),
        ("la convention de mise à disposition par l’association", None),
        ("l’annexe du salarié par le ou la référente de l’entreprise", None),
        ("l’annexe du salarié par l’association", None),
        ("l’avenant au contrat de travail par le ou la salariée", None),
        ("l’avenant au contrat de travail par le ou la référente de l’entreprise", None),
    ]
    assert mine(timeline) == ["accepter l’avenant au contrat de travail"]
    amendment_page = reverse("documents:amendment_detail", args=[p.contract_amendment.pk])
    assert timeline.mine[0].url == amendment_page
    company = f"{cycle.company.name} (l’employeur)"
    assert others(timeline) == [
        (company, "accepter la convention de mise à disposition"),
        (cycle.association.name, "accepter la convention de mise à disposition"),
        (company, "accepter l’annexe du salarié"),
        (cycle.association.name, "accepter l’annexe du salarié"),
        (company, "accepter l’avenant au contrat de travail"),
    ]
    # The employee accepts: their turn is over, the others still wait.
    documents.amendment_accept(amendment=p.contract_amendment, by=cycle.employee)
    timeline = participation_timeline(p, cycle.employee)
    assert mine(timeline) == []
    assert timeline.steps[3].acceptances[4]["at"] is not None
    assert mine(participation_timeline(p, cycle.manager)) == [
        "accepter la convention de mise à disposition",
        "accepter l’annexe du salarié",
    ]


def test_the_timeline_does_not_read_the_printed_documents(cycle):
    """Dates and acceptances only: the documents' HTML and PDF (tens of kilobytes each) stay in
    the database when the participation page is shown."""
    p = cycle.participation("approved")
    with CaptureQueriesContext(connection) as captured:
        timeline = participation_timeline(p, cycle.employee)
    assert len(timeline.steps[3].acceptances) == 6
    documents_read = [q["sql"] for q in captured if "documents_" in q["sql"]]
    assert documents_read
    assert not [sql for sql in documents_read if '."html"' in sql or '."pdf"' in sql]


def test_active_then_completed(cycle):
    p = cycle.participation("active")
    timeline = participation_timeline(p, cycle.manager)
    assert [state for _label, state in states(timeline)] == [DONE] * 5 + [CURRENT]
    assert timeline.steps[4].at == p.activated_at
    assert others(timeline) == [
        (str(cycle.employee.get_full_name()), "déclarer les heures effectuées")
    ]
    time_entry_services.time_entry_declare(
        participation=p, by=cycle.employee, date=today(), hours="2", description="Revue"
    )
    assert mine(participation_timeline(p, cycle.manager)) == ["valider les heures déclarées"]
    assert mine(participation_timeline(p, cycle.referent)) == []


def test_a_withdrawn_participation_ends_with_its_reason(cycle):
    p = cycle.participation("accepted")
    p = participation_services.participation_withdraw(
        participation=p, by=cycle.employee, reason=WithdrawalReason.PERSONAL
    )
    timeline = participation_timeline(p, cycle.referent)
    assert [label for label, _state in states(timeline)] == [
        "Candidature envoyée",
        "Acceptée par l’association",
        "Retirée — Raisons personnelles",
    ]
    assert timeline.mine == timeline.others == []


def test_every_role_sees_the_timeline_and_the_hours_progress(client, cycle):
    p = cycle.participation("approved", hours="20")
    for user, turn in (
        (cycle.employee, True),
        (cycle.manager, True),
        (cycle.referent, True),
    ):
        client.force_login(user)
        page = client.get(p.get_absolute_url()).content.decode()
        assert 'data-testid="timeline"' in page
        assert ("À vous d’agir" in page) is turn and "En attente de" in page
    # The need's page: reserved / declared / validated across its participations.
    client.force_login(cycle.manager)
    page = client.get(reverse("needs:need_manage", args=[cycle.need.pk])).content.decode()
    assert "20 h réservées par l’employeur, il en reste 20 h." in page
    other = member(Role.EMPLOYEE, cycle.company)
    client.force_login(other)
    assert client.get(p.get_absolute_url()).status_code in (403, 404)


def test_hours_progress_and_the_extra_hours_form_once_running_out(client, cycle):
    p = cycle.participation("active", hours="10")
    client.force_login(cycle.employee)
    page = client.get(p.get_absolute_url()).content.decode()
    assert '<details class="mb-3" data-testid="extra-hours">' in page  # closed
    time_entry_services.time_entry_declare(
        participation=p, by=cycle.employee, date=today(), hours="8.5", description="Revue"
    )
    page = client.get(p.get_absolute_url()).content.decode()
    assert '<details class="mb-3" open data-testid="extra-hours">' in page
    assert "Déclarées, en attente de validation : 8,50 h" in page
    assert "10 h réservées par l’employeur, il en reste 1,50 h." in page
    assert Decimal("8.5") == p.time_entries.get().hours


def test_the_participation_pages_progress_equals_the_selectors(cycle):
    """The participation page adds up the entries it lists; the need's page asks the database:
    the same figures, whatever the entries' states and the participation's."""
    from datetime import timedelta

    from metis.needs.models import Participation
    from metis.needs.selectors import hours_progress, participation_hours_progress

    p = cycle.participation("active", hours="10")
    declare = time_entry_services.time_entry_declare
    entries = [
        declare(
            participation=p,
            by=cycle.employee,
            date=today() - timedelta(days=n),
            hours=hours,
            description="Atelier",
        )
        for n, hours in enumerate(["1.25", "2", "0.5"])
    ]
    time_entry_services.time_entry_validate(entry=entries[0], by=cycle.manager)
    time_entry_services.time_entry_reject(entry=entries[1], by=cycle.manager, reason="other")

    def both(participation):
        participation.refresh_from_db()
        listed = list(participation.time_entries.all())
        return (
            participation_hours_progress(participation, listed),
            hours_progress(Participation.objects.filter(pk=participation.pk)),
        )

    mine, theirs = both(p)
    assert mine == theirs
    assert (mine.reserved, mine.declared, mine.validated) == (
        Decimal("10.00"),
        Decimal("0.50"),
        Decimal("1.25"),
    )
    applied = cycle.participation("applied", volunteer=member(Role.EMPLOYEE, cycle.company))
    assert both(applied)[0] == both(applied)[1]
    assert both(applied)[0].reserved == Decimal("0.00")
