"""Everyone whose acceptance of a participation's documents is awaited is told when they are
prepared, then reminded every 3 days while it is still awaited: once per person, document and
period, however often the reminders run."""

import datetime

import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from metis.documents.services import agreements as documents
from metis.needs.tests.factories import make_cycle
from metis.notifications.enums import NotificationKind as K
from metis.notifications.models import Notification
from metis.workflow.acceptances import acceptance_reminders_send


def _notices(user, kind):
    return sorted(
        Notification.objects.filter(user=user, kind=kind).values_list("message", flat=True)
    )


def test_each_awaited_person_is_told_when_the_documents_are_prepared(db):
    cycle = make_cycle()
    cycle.participation("approved")
    assert len(_notices(cycle.referent, K.ACCEPTANCE_AWAITED)) == 3  # agreement, annex, amendment
    assert len(_notices(cycle.manager, K.ACCEPTANCE_AWAITED)) == 2  # agreement, annex
    [employee] = _notices(cycle.employee, K.ACCEPTANCE_AWAITED)
    assert employee.startswith("À accepter : l’avenant au contrat de travail de ")
    notice = Notification.objects.get(user=cycle.employee, kind=K.ACCEPTANCE_AWAITED)
    amendment = cycle.need.participations.get().contract_amendment
    assert notice.url == reverse("documents:amendment_detail", args=[amendment.pk])


def test_reminders_every_three_days_once_per_person_document_and_period(db):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        cycle = make_cycle()
        p = cycle.participation("approved")
    assert acceptance_reminders_send(now=start + datetime.timedelta(days=2)) == 0
    day_3 = start + datetime.timedelta(days=3, hours=1)
    # 3 for the referent, 2 for the manager, 1 for the employee.
    assert acceptance_reminders_send(now=day_3) == 6
    assert acceptance_reminders_send(now=day_3) == 0  # recorded: not sent twice
    assert acceptance_reminders_send(now=day_3 + datetime.timedelta(days=1)) == 0
    [reminder] = _notices(cycle.employee, K.ACCEPTANCE_REMINDER)
    assert reminder.startswith("Rappel, toujours à accepter : l’avenant au contrat de travail")
    # The employee accepts the amendment; the referent accepts the agreement.
    documents.amendment_accept(amendment=p.contract_amendment, by=cycle.employee)
    documents.agreement_accept(agreement=p.agreement_annex.agreement, by=cycle.referent)
    with time_machine.travel(start + datetime.timedelta(days=6, hours=2), tick=False):
        call_command("send_acceptance_reminders")
    assert len(_notices(cycle.employee, K.ACCEPTANCE_REMINDER)) == 1  # nothing awaited
    # The referent: annex and amendment still awaited; the manager: agreement and annex.
    assert len(_notices(cycle.referent, K.ACCEPTANCE_REMINDER)) == 3 + 2
    assert len(_notices(cycle.manager, K.ACCEPTANCE_REMINDER)) == 2 + 2


def test_no_reminder_once_the_participation_is_active(db):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        cycle = make_cycle()
        cycle.participation("active", since=start)
    assert acceptance_reminders_send(now=start + datetime.timedelta(days=30)) == 0
