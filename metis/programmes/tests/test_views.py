import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from metis.ledger import selectors as ledger
from metis.ledger.models import Posting
from metis.programmes import services
from metis.programmes.enums import PledgeStatus, ProgrammeStatus, SubsidyStatus
from metis.programmes.models import MixedSubsidy, Pledge, Programme
from metis.programmes.tests.factories import MixedSubsidyFactory, PledgeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledge(programme, company):
    return PledgeFactory(programme=programme, company=company, hours=Decimal("300"))


@pytest.fixture
def subsidy(programme, association):
    return MixedSubsidyFactory(programme=programme, association=association, hours_credit=100)


@pytest.fixture
def signed(pledge, referent):
    return services.pledge_sign(
        pledge=pledge, signer_name="Anne Roy", signed_on=datetime.date(2026, 1, 5), by=referent
    )


# Who may open which page: (url name, object fixture, allowed roles) ------------------------

PAGES = [
    ("programmes:detail", "programme", {"officer", "operator_staff"}),
    ("programmes:update", "programme", {"officer", "operator_staff"}),
    ("programmes:council_texts", "programme", {"officer", "operator_staff"}),
    ("programmes:open", "programme", {"officer", "operator_staff"}),
    ("programmes:close", "programme", {"officer", "operator_staff"}),
    ("programmes:copy", "programme", {"officer", "operator_staff"}),
    ("programmes:subsidy_propose", "programme", {"officer", "operator_staff"}),
    ("programmes:subsidy_vote", "subsidy", {"officer", "operator_staff"}),
    ("programmes:subsidy_close", "subsidy", {"officer", "operator_staff"}),
    ("programmes:pledge_sign", "pledge", {"referent"}),
    ("programmes:pledge_close", "pledge", {"referent", "officer", "operator_staff"}),
]
ROLES = [
    "officer",
    "operator_staff",
    "referent",
    "manager",
    "other_officer",
    "other_referent",
    "other_manager",
]


@pytest.mark.parametrize(("name", "obj", "allowed"), PAGES)
def test_anonymous_is_sent_to_log_in(client, request, name, obj, allowed):
    target = request.getfixturevalue(obj)
    response = client.get(reverse(name, args=[target.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "obj", "allowed"), PAGES)
def test_each_page_for_each_role(client, request, role, name, obj, allowed):
    target = request.getfixturevalue(obj)
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse(name, args=[target.pk]))
    assert response.status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize("role", ["other_officer", "referent", "manager", "other_referent"])
def test_others_cannot_write(client, request, role, programme, subsidy, pledge):
    client.force_login(request.getfixturevalue(role))
    posts = [
        (reverse("programmes:close", args=[programme.pk]), {}),
        (reverse("programmes:copy", args=[programme.pk]), {}),
        (
            reverse("programmes:subsidy_vote", args=[subsidy.pk]),
            {
                "hours_credit": "10",
                "deliberation_reference": "X",
                "deliberation_date": "2026-02-01",
            },
        ),
    ]
    if role != "referent":
        posts.append(
            (
                reverse("programmes:pledge_sign", args=[pledge.pk]),
                {"signer_name": "X", "signed_on": "2026-01-05"},
            )
        )
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    assert not Posting.objects.exists()
    assert Programme.objects.count() == 1
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.OPEN


def test_lists_show_only_ones_own(client, programme, officer, other_officer, operator_staff):
    client.force_login(officer)
    assert programme.name in client.get(reverse("programmes:list")).text
    client.force_login(other_officer)
    assert programme.name not in client.get(reverse("programmes:list")).text
    client.force_login(operator_staff)
    assert programme.name in client.get(reverse("programmes:list")).text


def test_officer_creates_and_opens_a_programme(client, officer, territory):
    client.force_login(officer)
    response = client.post(
        reverse("programmes:create"),
        {
            "territory": territory.pk,
            "name": "Sceaux 2027",
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
            "target_hours": "8000",
            "reference_hourly_value": "45",
        },
    )
    programme = Programme.objects.get(name="Sceaux 2027")
    assert response.status_code == 302
    client.post(reverse("programmes:open", args=[programme.pk]))
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.OPEN


def test_programme_create_shows_french_errors(client, officer, territory):
    client.force_login(officer)
    response = client.post(
        reverse("programmes:create"),
        {
            "territory": territory.pk,
            "name": "X",
            "starts_on": "2027-01-01",
            "ends_on": "2026-12-31",
            "target_hours": "-5",
            "reference_hourly_value": "45",
        },
    )
    assert response.status_code == 200
    assert not Programme.objects.filter(name="X").exists()


def test_referent_pledges_and_signs(client, referent, company, programme):
    client.force_login(referent)
    assert client.get(reverse("programmes:pledge_create")).status_code == 200
    response = client.post(
        reverse("programmes:pledge_create"),
        {
            "programme": programme.pk,
            "company": company.pk,
            "hours": "500",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
    )
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    response = client.post(
        reverse("programmes:pledge_sign", args=[pledge.pk]),
        {"signer_name": "Anne Roy", "signer_title": "DRH", "signed_on": "2026-01-10"},
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SIGNED
    assert ledger.pool_balance(programme) == Decimal("500")
    page = client.get(reverse("programmes:pledge_list")).text
    assert "Anne Roy" in page and "INVALID" not in page


def test_pledge_dates_out_of_the_programme_are_shown(client, referent, company, programme):
    client.force_login(referent)
    response = client.post(
        reverse("programmes:pledge_create"),
        {
            "programme": programme.pk,
            "company": company.pk,
            "hours": "500",
            "starts_on": "2025-01-01",
            "ends_on": "2026-12-31",
        },
    )
    assert response.status_code == 200
    assert "31/12/2026" in response.text
    assert not Pledge.objects.exists()


def test_referent_cannot_pledge_for_another_company(client, referent, programme, other_referent):
    from metis.organisations.models import Company

    other_company = Company.objects.exclude(pk__in=referent.memberships.values("company")).first()
    client.force_login(referent)
    response = client.post(
        reverse("programmes:pledge_create"),
        {
            "programme": programme.pk,
            "company": other_company.pk,
            "hours": "10",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
    )
    assert response.status_code == 200  # not a choice
    assert not Pledge.objects.exists()


def test_officer_allocates_and_sees_refusal(client, officer, programme, association, signed):
    client.force_login(officer)
    client.post(
        reverse("programmes:subsidy_propose", args=[programme.pk]),
        {
            "association": association.pk,
            "cash_previous_period": "12000",
            "cash_current_period": "8000",
            "hours_credit": "400",
        },
    )
    subsidy = MixedSubsidy.objects.get()
    # A second subsidy for the same association is refused with a message.
    response = client.post(
        reverse("programmes:subsidy_propose", args=[programme.pk]),
        {
            "association": association.pk,
            "cash_previous_period": "1",
            "cash_current_period": "1",
            "hours_credit": "1",
        },
    )
    assert response.status_code == 200 and MixedSubsidy.objects.count() == 1
    vote = {
        "hours_credit": "400",
        "deliberation_reference": "DEL-2026-1",
        "deliberation_date": "2026-02-01",
    }
    response = client.post(reverse("programmes:subsidy_vote", args=[subsidy.pk]), vote)
    assert response.status_code == 200  # beyond the pool of 300 h
    assert "300,00" in response.text and "400,00" in response.text
    subsidy.refresh_from_db()
    assert subsidy.status == SubsidyStatus.PROPOSED
    vote["hours_credit"] = "250"
    response = client.post(reverse("programmes:subsidy_vote", args=[subsidy.pk]), vote)
    assert response.status_code == 302
    assert ledger.pool_balance(programme) == Decimal("50")
    page = client.get(reverse("programmes:detail", args=[programme.pk])).text
    assert "DEL-2026-1" in page
    assert "INVALID" not in page
    assert "4\xa0000,00" in page  # the cash drop


def test_manager_sees_own_subsidy_and_credit(
    client, manager, other_manager, officer, programme, subsidy, signed
):
    services.subsidy_vote(
        subsidy=subsidy,
        deliberation_reference="DEL-7",
        deliberation_date=datetime.date(2026, 2, 1),
        by=officer,
    )
    client.force_login(manager)
    page = client.get(reverse("needs:association_credit")).text
    assert "DEL-7" in page and "100,00" in page
    assert "INVALID" not in page
    client.force_login(other_manager)
    assert "DEL-7" not in client.get(reverse("needs:association_credit")).text


def test_close_and_copy_from_the_screen(client, officer, programme, signed):
    client.force_login(officer)
    client.post(reverse("programmes:close", args=[programme.pk]))
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.CLOSED
    response = client.post(reverse("programmes:copy", args=[programme.pk]))
    new = Programme.objects.get(previous=programme)
    assert response.url == new.get_absolute_url()


@pytest.mark.time_machine(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC))
def test_a_first_programme_starts_from_the_template(client, territory, officer):
    """A territory without a programme gets the template's figures (starter.py); once created,
    its council documents are filled with them."""
    client.force_login(officer)
    form = client.get(reverse("programmes:create")).context["form"]
    name = f"{territory.commune.name} 2027"
    assert form.initial["name"] == name
    assert form.initial["target_hours"] == Decimal("2000")
    data = {
        "territory": territory.pk,
        "name": name,
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "target_hours": "2000",
        "reference_hourly_value": "45",
    }
    response = client.post(reverse("programmes:create"), data)
    programme = Programme.objects.get(name=name)
    assert response.url == programme.get_absolute_url()
    texts = client.get(reverse("programmes:council_texts", args=[programme.pk]))
    assert "01/01/2027" in texts.content.decode()
