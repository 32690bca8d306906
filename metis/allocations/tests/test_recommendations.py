from decimal import Decimal

import pytest

from metis.accounts.models import VolunteerProfile
from metis.allocations import adapter
from metis.allocations.recommendations import recommend_needs, recommend_volunteers
from metis.needs.services import participations as participation_services
from metis.needs.tests.factories import volunteer

pytestmark = pytest.mark.django_db


def test_volunteer_hours_are_monthly_availability_over_the_window(cycle):
    programme = cycle.programme
    months = adapter.months_left([programme])
    companies = adapter.companies_of([programme])
    [v] = [
        v
        for v in adapter.volunteers_of(list(companies), months=months)
        if v.id == str(cycle.employee.pk)
    ]
    assert v.hours == int(Decimal(8) * months)
    assert v.skills == ("accounting",)
    assert v.formats == frozenset({"remote"})
    assert companies[cycle.company.pk].hours == 100


def test_reserved_hours_are_taken_off_volunteer_and_need(cycle):
    cycle.participation("approved", hours="10")
    months = adapter.months_left([cycle.programme])
    [v] = adapter.volunteers_of([cycle.company.pk], months=months, user_ids=[cycle.employee.pk])
    assert v.hours == int(Decimal(8) * months - 10)
    [n] = adapter.needs_as_core([cycle.need])
    assert n.hours == 2  # 12 estimated - 10 reserved
    assert n.format == "hybrid"
    assert n.required_skills == ("accounting",)


def test_recommended_volunteers_consent_and_reasons_in_french(cycle):
    other = volunteer(cycle.company, skills=("accounting",), consents=False)
    rows = recommend_volunteers(cycle.need)
    users = [r.obj for r in rows]
    assert cycle.employee in users
    assert other not in users  # no consent, never suggested
    row = rows[0]
    assert 1 <= row.score <= 100
    assert "comptabilité" in row.reasons[0]
    assert any("h disponibles" in r for r in row.reasons)


def test_volunteer_taking_part_or_without_hours_is_not_recommended(cycle):
    busy = volunteer(cycle.company, skills=("accounting",))
    VolunteerProfile.objects.filter(user=busy).update(hours_per_month=0)
    cycle.participation("applied")
    users = [r.obj for r in recommend_volunteers(cycle.need)]
    assert cycle.employee not in users and busy not in users


def test_recommended_needs_for_a_volunteer(cycle):
    rows = recommend_needs(cycle.employee)
    assert [r.obj for r in rows] == [cycle.need]
    assert rows[0].obj.reasons == rows[0].reasons
    participation_services.participation_apply(need=cycle.need, volunteer=cycle.employee)
    assert recommend_needs(cycle.employee) == []


def test_needs_for_you_page_shows_reasons(cycle, client):
    client.force_login(cycle.employee)
    response = client.get("/pour-moi/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "/100" in content and "h disponibles" in content
    # in the need's card (its footer), not below a card of the grid's full height
    footer = content[content.index('class="card-footer small"') :]
    assert footer.index("/100") < footer.index("</div>")


def test_need_manage_page_recommends_with_invite_button(cycle, client):
    client.force_login(cycle.manager)
    response = client.get(f"/association/besoins/{cycle.need.pk}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert str(cycle.employee) in content and "h disponibles" in content
    response = client.post(
        f"/association/besoins/{cycle.need.pk}/inviter/", {"volunteer": cycle.employee.pk}
    )
    assert cycle.need.participations.get().origin == "invitation"


def test_balances_are_summed_over_programmes_in_the_same_number_of_queries(cycle):
    """An employer pledged to several programmes: its remaining pledge and the association's
    credit are summed over them, read in one query whatever their number."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from metis.needs.tests.factories import open_programme, signed_pledge, voted_subsidy

    def counted():
        programmes = [
            p for p in [cycle.programme, *extra] if p.pledges.filter(company=cycle.company)
        ]
        recommend_needs(cycle.employee)  # the shipped taxonomy, read once per process
        cache.clear()  # the employer's market read again
        with CaptureQueriesContext(connection) as queries:
            rows = recommend_needs(cycle.employee)
        company = adapter.companies_of(programmes, [cycle.company.pk])[cycle.company.pk]
        [association] = adapter.associations_of(programmes, [cycle.association.pk])
        return len(queries), rows, company.hours, association.hours

    extra = []
    one = counted()
    assert (one[2], one[3]) == (100, 40)
    for _ in range(2):
        programme = open_programme(territory=cycle.programme.territory)
        signed_pledge(programme, cycle.company, "30", by=cycle.referent)
        voted_subsidy(programme, cycle.association, "5")
        extra.append(programme)
    three = counted()
    assert (three[2], three[3]) == (160, 50)
    assert three[0] == one[0]
    assert [r.obj for r in three[1]] == [r.obj for r in one[1]]


def _published_later(cycle):
    """A need of the employer's programme published after its market was read."""
    from metis.needs.services import needs as need_services
    from metis.needs.tests.factories import need_data

    return need_services.need_publish(
        need=need_services.need_create(
            association=cycle.association,
            data=need_data(cycle.programme, title="Clôture des comptes", estimated_hours=6),
            by=cycle.manager,
        ),
        by=cycle.manager,
    )


def test_employees_share_their_employers_market_for_a_minute(cycle):
    """The employer's side (needs, pledge, credits) is read once and shared by its employees
    for MARKET_SECONDS, then renewed by a task while the page shows the one kept; what is
    shown is still checked live: a need published since appears once the market is renewed,
    a need cancelled since is never shown."""
    import datetime

    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from metis.allocations.recommendations import MARKET_SECONDS
    from metis.needs.services import needs as need_services

    colleague = volunteer(cycle.company, skills=("accounting",))
    with CaptureQueriesContext(connection) as first:
        assert [r.obj for r in recommend_needs(cycle.employee)] == [cycle.need]
    with CaptureQueriesContext(connection) as shared:
        assert [r.obj for r in recommend_needs(colleague)] == [cycle.need]
    tables = " ".join(q["sql"] for q in shared.captured_queries)
    assert "ledger_" not in tables and "programmes_pledge" not in tables
    assert len(shared.captured_queries) < len(first.captured_queries)

    later = _published_later(cycle)
    assert [r.obj for r in recommend_needs(colleague)] == [cycle.need]
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=MARKET_SECONDS + 1)):
        # The page that finds the market a minute old does not wait for it: it shows the one
        # kept and has a task renew it (run at once by the tests' task backend); the next page
        # shows the new need.
        with CaptureQueriesContext(connection) as renewing:
            assert [r.obj for r in recommend_needs(colleague)] == [cycle.need]
        tables = " ".join(q["sql"] for q in renewing.captured_queries)
        assert "programmes_pledge" in tables  # read by the task
        assert {r.obj for r in recommend_needs(colleague)} == {cycle.need, later}
        need_services.need_cancel(need=later, by=cycle.manager)
        assert [r.obj for r in recommend_needs(colleague)] == [cycle.need]


DUMMY_TASKS = "django.tasks.backends.dummy.DummyBackend"


def test_a_market_no_worker_renewed_is_read_again_in_the_request(cycle, settings):
    """Past MARKET_SECONDS_AT_MOST (the renewal task never ran), the request reads the market
    itself: it never shows needs older than that."""
    import datetime

    import time_machine
    from django.tasks import default_task_backend
    from django.utils import timezone

    from metis.allocations import recommendations

    # No worker: the tasks are kept, not run.
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": DUMMY_TASKS}}
    assert [r.obj for r in recommend_needs(cycle.employee)] == [cycle.need]
    later = _published_later(cycle)
    stale = datetime.timedelta(seconds=recommendations.MARKET_SECONDS + 1)
    with time_machine.travel(timezone.now() + stale):
        for _ in range(2):  # one renewal asked, however many pages meanwhile
            assert [r.obj for r in recommend_needs(cycle.employee)] == [cycle.need]
    [renewal] = default_task_backend.results
    assert renewal.task.func is recommendations.employer_market_renew.func
    assert renewal.args == [cycle.company.pk]
    too_old = datetime.timedelta(seconds=recommendations.MARKET_SECONDS_AT_MOST + 1)
    with time_machine.travel(timezone.now() + too_old):
        assert {r.obj for r in recommend_needs(cycle.employee)} == {cycle.need, later}
