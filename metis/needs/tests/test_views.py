"""The whole cycle through the screens, one role after the other."""

import datetime
from decimal import Decimal

import time_machine
from django.urls import reverse
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member, operator_staff_with_totp
from metis.valuation.cost_prices import cost_price_record

from ..enums import NeedStatus, ParticipationStatus, TimeEntryStatus
from ..models import ExtraHoursRequest, Need, Participation, TimeEntry
from .factories import skill, today


def _ok(response):
    assert response.status_code == 200, response.content[:300]
    assert "INVALID[" not in response.text, response.text[response.text.find("INVALID[") - 200 :][
        :400
    ]
    return response


def test_the_cycle_in_the_browser(client, cycle):
    programme = cycle.programme
    # Association: create from a template, publish.
    client.force_login(cycle.manager)
    _ok(client.get(reverse("needs:association_needs")))
    page = _ok(client.get(reverse("needs:need_create"), {"modele": "website-overhaul"}))
    assert "Refonte du site internet" in page.text
    data = {
        "programme": programme.pk,
        "title": "Refonte du site internet",
        "description": "Un site clair pour les familles.",
        "skills_required": [skill("web_development").pk],
        "estimated_hours": "30",
        "format": "remote",
        "starts_on": programme.starts_on.isoformat(),
        "ends_on": programme.ends_on.isoformat(),
        "commune": cycle.association.commune_id,
        "volunteers_wanted": "1",
        "template_code": "website-overhaul",
    }
    response = client.post(reverse("needs:need_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    need = Need.objects.get(title="Refonte du site internet")
    _ok(client.get(reverse("needs:need_edit", args=[need.pk])))
    client.post(reverse("needs:need_action", args=[need.pk, "publier"]))
    need.refresh_from_db()
    assert need.status == NeedStatus.PUBLISHED
    _ok(client.get(reverse("needs:need_manage", args=[need.pk])))
    _ok(client.get(reverse("needs:need_invite", args=[need.pk])))

    # Volunteer: public page, apply.
    client.force_login(cycle.employee)
    _ok(client.get(reverse("needs:needs_for_you")))
    page = _ok(client.get(need.get_absolute_url()))
    assert reverse("needs:apply", args=[need.pk]) in page.text
    client.post(reverse("needs:apply", args=[need.pk]), {"message": "Je suis développeur."})
    participation = Participation.objects.get(need=need)
    _ok(client.get(reverse("needs:my_participations")))

    # Association accepts.
    client.force_login(cycle.manager)
    client.post(
        reverse("needs:application_decide", args=[participation.pk]), {"decision": "accepter"}
    )
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.ACCEPTED

    # Employer approves (bulk form), too many hours first.
    client.force_login(cycle.referent)
    _ok(client.get(reverse("needs:approvals")))
    prefix = str(participation.pk)
    approval = {
        "participations": [participation.pk],
        f"{prefix}-planned_hours": "500",
        f"{prefix}-starts_on": programme.starts_on.isoformat(),
        f"{prefix}-ends_on": programme.ends_on.isoformat(),
    }
    response = client.post(reverse("needs:approvals"), approval, follow=True)
    assert "impossible de réserver 500,00" in response.text, [
        str(m) for m in response.context["messages"]
    ]
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.ACCEPTED
    approval[f"{prefix}-planned_hours"] = "4"
    client.post(reverse("needs:approvals"), approval)
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.APPROVED
    # Approval prepares the loan agreement and the amendment; every party's acceptance activates
    # (three days ago: the hours declared below are worked under accepted documents).
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3), tick=False):
        agreement = participation.agreement_annex.agreement
        amendment = participation.contract_amendment
        annex = participation.agreement_annex
        client.post(reverse("documents:agreement_accept", args=[agreement.pk]))
        client.post(
            reverse("documents:agreement_accept", args=[agreement.pk]), {"annexe": annex.pk}
        )
        client.post(reverse("documents:amendment_accept", args=[amendment.pk]))
        client.force_login(cycle.manager)
        client.post(reverse("documents:agreement_accept", args=[agreement.pk]))
        client.post(
            reverse("documents:agreement_accept", args=[agreement.pk]), {"annexe": annex.pk}
        )
        participation.refresh_from_db()
        assert participation.status == ParticipationStatus.APPROVED  # the employee has not agreed
        client.force_login(cycle.employee)
        client.post(reverse("documents:amendment_accept", args=[amendment.pk]))
        participation.refresh_from_db()
        assert participation.status == ParticipationStatus.ACTIVE

    # Volunteer declares (a future date is refused); beyond the reservation is refused with
    # what is left, and nothing is written.
    client.force_login(cycle.employee)
    url = reverse("needs:declare_hours", args=[participation.pk])
    tomorrow = today() + datetime.timedelta(days=1)
    response = client.post(
        url, {"date": tomorrow.isoformat(), "hours": "3", "description": "x"}, follow=True
    )
    assert "futur" in response.text
    day_2, day_1 = (today() - datetime.timedelta(days=d) for d in (2, 1))
    client.post(url, {"date": day_2.isoformat(), "hours": "3", "description": "Maquettes"})
    response = client.post(
        url, {"date": day_1.isoformat(), "hours": "3", "description": "Maquettes"}, follow=True
    )
    assert "Il reste 1 h sur les 4 h approuvées par l’employeur" in response.text
    assert TimeEntry.objects.filter(participation=participation).count() == 1
    page = _ok(client.get(participation.get_absolute_url()))
    assert "Demander des heures supplémentaires" in page.text
    assert "À vous d’agir" in page.text  # declare the hours worked

    # The volunteer asks for 2 extra hours; the employer approves them.
    ask = reverse("needs:extra_hours_ask", args=[participation.pk])
    response = client.post(ask, {"extra-hours": "0", "extra-reason": "Plus long"}, follow=True)
    assert "supérieur à 0" in response.text
    client.post(ask, {"extra-hours": "2", "extra-reason": "Les maquettes demandent une reprise."})
    extra = ExtraHoursRequest.objects.get(participation=participation)
    assert extra.request_note == "Les maquettes demandent une reprise."
    client.force_login(cycle.referent)
    page = _ok(client.get(reverse("needs:extra_hours")))
    client.post(reverse("needs:extra_hours"), {"request": extra.pk, "decision": "approuver"})
    client.force_login(cycle.employee)
    client.post(url, {"date": day_1.isoformat(), "hours": "3", "description": "Maquettes"})
    assert TimeEntry.objects.filter(participation=participation).count() == 2
    client.force_login(cycle.referent)
    cost_price_record(
        company=cycle.company,
        year=today().year,
        monthly_salary=Decimal("5000"),
        monthly_employer_charges=Decimal("2100"),
        employee=cycle.employee,
        by=cycle.referent,
    )

    # Association validates in bulk.
    client.force_login(cycle.manager)
    _ok(client.get(reverse("needs:hours_to_validate")))
    ids = list(TimeEntry.objects.values_list("pk", flat=True))
    client.post(reverse("needs:hours_to_validate"), {"entries": ids, "decision": "valider"})
    assert TimeEntry.objects.filter(status=TimeEntryStatus.VALIDATED).count() == 2
    page = _ok(client.get(reverse("needs:association_valued_hours")))
    assert "280,86" in page.text  # 6 h × 46,81 €
    assert cycle.employee.last_name not in page.text  # no € per employee for the association
    page = _ok(client.get(participation.get_absolute_url()))
    assert "280,86" not in page.text and "140,43" not in page.text

    # Referent and employee see € per employee.
    client.force_login(cycle.referent)
    page = _ok(client.get(reverse("needs:company_valued_hours")))
    assert "280,86" in page.text and cycle.employee.last_name in page.text
    client.force_login(cycle.employee)
    assert "280,86" in _ok(client.get(reverse("needs:my_valued_hours"))).text
    assert "140,43" in _ok(client.get(participation.get_absolute_url())).text

    # Territory officer: aggregates; operator: moderation list.
    officer = member(Role.TERRITORY_OFFICER, programme.territory)
    client.force_login(officer)
    assert "280,86" in _ok(client.get(reverse("needs:territory_valued_hours"))).text
    operator = operator_staff_with_totp(programme.territory.operator)
    client.force_login(operator)
    page = _ok(client.get(reverse("needs:moderation")))
    assert cycle.need.title in page.text

    # Association completes the need: the participation completes.
    client.force_login(cycle.manager)
    client.post(reverse("needs:need_action", args=[need.pk, "terminer"]))
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.COMPLETED


def test_withdraw_and_moderate_through_the_screens(client, cycle):
    participation = cycle.participation("active")
    client.force_login(cycle.employee)
    client.post(reverse("needs:withdraw", args=[participation.pk]), {"reason": "personal"})
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.WITHDRAWN
    operator = operator_staff_with_totp(cycle.programme.territory.operator)
    client.force_login(operator)
    client.post(reverse("needs:moderation"), {"need": cycle.need.pk, "note": "Hors sujet"})
    cycle.need.refresh_from_db()
    assert cycle.need.status == NeedStatus.DRAFT


def test_invitation_through_the_screens(client, cycle):
    client.force_login(cycle.manager)
    page = _ok(client.get(reverse("needs:need_invite", args=[cycle.need.pk])))
    assert str(cycle.employee) in page.text
    client.post(
        reverse("needs:need_invite", args=[cycle.need.pk]), {"volunteer": cycle.employee.pk}
    )
    participation = Participation.objects.get(status=ParticipationStatus.INVITED)
    client.force_login(cycle.employee)
    _ok(client.get(participation.get_absolute_url()))
    client.post(
        reverse("needs:invitation_answer", args=[participation.pk]), {"decision": "accepter"}
    )
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.ACCEPTED


def test_my_participations_come_twenty_a_page_newest_first(client, cycle):
    from metis.needs.services import needs as need_services
    from metis.needs.services import participations as participation_services

    from .factories import need_data

    titles = [f"Besoin numéro {n:02}" for n in range(21)]
    for title in titles:
        need = need_services.need_create(
            association=cycle.association,
            data=need_data(cycle.programme, title=title),
            by=cycle.manager,
        )
        need = need_services.need_publish(need=need, by=cycle.manager)
        participation_services.participation_apply(need=need, volunteer=cycle.employee)
    client.force_login(cycle.employee)
    first = _ok(client.get(reverse("needs:my_participations")))
    assert [t for t in titles if t in first.text] == titles[1:]  # the 20 newest
    assert "1 / 2" in first.text and "?page=2" in first.text
    second = _ok(client.get(reverse("needs:my_participations"), {"page": 2}))
    assert titles[0] in second.text and titles[1] not in second.text
    assert "2 / 2" in second.text
