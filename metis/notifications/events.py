"""What the mission cycle tells whom: one function per step that asks someone to act, called
at the end of the metis.needs services (inside their transaction; e-mails go after commit)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from metis.accounts.enums import Role
from metis.accounts.models import User
from metis.core.formats import amount as hours_amount

from .enums import NotificationKind
from .services import notify


def _members(role, **organisation):
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role=role,
            memberships__ended_at__isnull=True,
            **{f"memberships__{k}": v for k, v in organisation.items()},
        ).distinct()
    )


def association_managers(association):
    return _members(Role.ASSOCIATION_MANAGER, association=association)


def company_referents(company):
    return _members(Role.COMPANY_REFERENT, company=company)


def _names(participation):
    return {
        "volunteer": participation.volunteer.get_full_name() or participation.volunteer.email,
        "need": participation.need.title,
        "association": participation.need.association.name,
    }


def participation_applied(participation):
    notify(
        users=association_managers(participation.need.association),
        kind=NotificationKind.APPLICATION_RECEIVED,
        message=_("%(volunteer)s applied to “%(need)s”.") % _names(participation),
        url=reverse("needs:need_manage", args=[participation.need_id]),
    )


def participation_invited(participation):
    notify(
        users=[participation.volunteer],
        kind=NotificationKind.INVITATION_RECEIVED,
        message=_("%(association)s invites you to “%(need)s”.") % _names(participation),
        url=participation.get_absolute_url(),
    )


def participation_accepted(participation, *, by):
    names = _names(participation)
    notify(
        users=company_referents(participation.company),
        kind=NotificationKind.APPROVAL_NEEDED,
        message=_("%(volunteer)s takes part in “%(need)s”: your approval is needed.") % names,
        url=reverse("needs:approvals"),
    )
    if by is None or by.pk != participation.volunteer_id:
        notify(
            users=[participation.volunteer],
            kind=NotificationKind.APPLICATION_ACCEPTED,
            message=_("%(association)s accepted you on “%(need)s”; your employer must now approve.")
            % names,
            url=participation.get_absolute_url(),
        )
    else:
        notify(
            users=association_managers(participation.need.association),
            kind=NotificationKind.APPLICATION_ACCEPTED,
            message=_("%(volunteer)s accepted your invitation to “%(need)s”.") % names,
            url=reverse("needs:need_manage", args=[participation.need_id]),
        )


def civic_day_booked(participation, *, answer_url: str):
    """A civic day booked: the employer's referents answer by the due date (else it counts as
    accepted), the association learns of it."""
    names = {
        **_names(participation),
        "day": participation.planned_starts_on.strftime("%d/%m/%Y"),
        "due": participation.employer_answer_due.strftime("%d/%m/%Y"),
    }
    notify(
        users=company_referents(participation.company),
        kind=NotificationKind.APPROVAL_NEEDED,
        message=_(
            "%(volunteer)s books a civic day on %(day)s with %(association)s: answer by %(due)s, "
            "else it counts as accepted."
        )
        % names,
        url=answer_url,
    )
    notify(
        users=association_managers(participation.need.association),
        kind=NotificationKind.APPLICATION_RECEIVED,
        message=_("%(volunteer)s books a civic day on %(day)s on “%(need)s”.") % names,
        url=reverse("needs:need_manage", args=[participation.need_id]),
    )


def participation_approved(participation):
    notify(
        users=[participation.volunteer],
        kind=NotificationKind.PARTICIPATION_APPROVED,
        message=_("Your employer approved %(hours)s h on “%(need)s”.")
        % {**_names(participation), "hours": hours_amount(participation.planned_hours)},
        url=participation.get_absolute_url(),
    )


def participation_refused(participation, *, by):
    names = _names(participation)
    if by is not None and by.pk == participation.volunteer_id:
        notify(
            users=association_managers(participation.need.association),
            kind=NotificationKind.PARTICIPATION_REFUSED,
            message=_("%(volunteer)s declined “%(need)s”.") % names,
            url=reverse("needs:need_manage", args=[participation.need_id]),
        )
    else:
        notify(
            users=[participation.volunteer],
            kind=NotificationKind.PARTICIPATION_REFUSED,
            message=_("Your participation in “%(need)s” was refused: %(reason)s.")
            % {**names, "reason": participation.reason_label},
            url=participation.get_absolute_url(),
        )


def hours_declared(entry):
    participation = entry.participation
    notify(
        users=association_managers(participation.need.association),
        kind=NotificationKind.HOURS_TO_VALIDATE,
        message=_("%(volunteer)s declared %(hours)s h on “%(need)s”: to validate.")
        % {**_names(participation), "hours": hours_amount(entry.hours)},
        url=reverse("needs:hours_to_validate"),
    )


def hours_rejected(entry):
    participation = entry.participation
    notify(
        users=[participation.volunteer],
        kind=NotificationKind.HOURS_REJECTED,
        message=_("Your %(hours)s h of %(date)s on “%(need)s” were rejected: %(reason)s.")
        % {
            **_names(participation),
            "hours": hours_amount(entry.hours),
            "date": entry.date.strftime("%d/%m/%Y"),
            "reason": entry.rejection_reason_label,
        },
        url=participation.get_absolute_url(),
    )


def extra_hours_requested(request):
    participation = request.participation
    notify(
        users=company_referents(participation.company),
        kind=NotificationKind.EXTRA_HOURS_REQUESTED,
        message=_("%(hours)s extra hours are asked for %(volunteer)s on “%(need)s”: %(reason)s")
        % {
            **_names(participation),
            "hours": hours_amount(request.hours),
            "reason": request.request_note,
        },
        url=reverse("needs:extra_hours"),
    )


def acceptance_awaited(
    *, users, participation, document: str, url: str, key: str, reminder: bool = False
) -> list:
    """Ask `users` to accept `document` (its name, e.g. "the contract amendment") of the
    participation; once per `key` (a document, a party, and for reminders a period)."""
    names = {**_names(participation), "document": document}
    if reminder:
        message = _("Reminder, still to accept: %(document)s of %(volunteer)s on “%(need)s”.")
    else:
        message = _("To accept: %(document)s of %(volunteer)s on “%(need)s”.")
    return notify(
        users=users,
        kind=NotificationKind.ACCEPTANCE_REMINDER
        if reminder
        else NotificationKind.ACCEPTANCE_AWAITED,
        message=message % names,
        url=url,
        key=key,
    )


def reservation_running_out(participation) -> bool:
    """Told once per participation (the notice's key)."""
    created = notify(
        users=[participation.volunteer, *association_managers(participation.need.association)],
        kind=NotificationKind.RESERVATION_RUNNING_OUT,
        message=_(
            "The reservation of “%(need)s” (%(volunteer)s) is running out: %(hours)s h reserved,"
            " planned until %(end)s."
        )
        % {
            **_names(participation),
            "hours": hours_amount(participation.reserved_hours),
            "end": participation.planned_ends_on.strftime("%d/%m/%Y"),
        },
        url=participation.get_absolute_url(),
        key=f"reservation-running-out-{participation.pk}",
    )
    return bool(created)


def receipt_cancelled(receipt, *, by):
    """A tax receipt was cancelled (docs/rules.md § 5): the company's referents (the reduction it
    supported must wait for a replacement), the employees whose hours it covered and the
    association's other managers are told."""
    from metis.accounts.models import User

    employees = User.objects.filter(
        participations__time_entries__receipt_lines__receipt=receipt
    ).distinct()
    others = [m for m in association_managers(receipt.association) if m.pk != by.pk]
    message = _(
        "Receipt %(number)s of %(association)s to %(company)s was cancelled (%(reason)s). Its "
        "hours may be receipted again; a replacement receipt may be issued."
    ) % {
        "number": receipt.number,
        "association": receipt.association.name,
        "company": receipt.company.name,
        "reason": receipt.cancellation_reason,
    }
    notify(
        users=[*company_referents(receipt.company), *employees, *others],
        kind=NotificationKind.RECEIPT_CANCELLED,
        message=message,
        url=reverse("documents:receipt_detail", args=[receipt.pk]),
    )


def outcome_requested(participation):
    """A mission completed: its volunteer and its association's managers are asked for its
    outcome (docs/evaluation.md)."""
    notify(
        users=[participation.volunteer, *association_managers(participation.need.association)],
        kind=NotificationKind.OUTCOME_REQUESTED,
        message=_("“%(need)s” is completed: tell in two minutes what it achieved.")
        % _names(participation),
        url=reverse("outcomes:answer", args=[participation.pk]),
        key=f"outcome-requested-{participation.pk}",
    )
