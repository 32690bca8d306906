"""The signed link through which an employer's HR contact, who may have no METIS account yet,
answers a civic day (docs/rules.md § 8.9): it names the booking and the e-mail it was sent to,
and is valid until the answer is due (the day counts as accepted after that)."""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metis.accounts.enums import Role
from metis.accounts.models import Invitation
from metis.core.formats import amount
from metis.core.mail import absolute_url, email_queue
from metis.needs.models import Participation

SALT = "metis.civic.employer-answer"
LINK_INVALID = _("This link is not valid: ask your employee to send the request again.")
LINK_VALIDITY = datetime.timedelta(days=45)


def answer_token(participation, email: str) -> str:
    return signing.dumps({"p": participation.pk, "e": email}, salt=SALT)


def answer_link_read(token: str) -> tuple[Participation, str]:
    """The booking and the HR contact's e-mail a link was sent for; ValidationError when the
    link was altered or is older than its validity."""
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_VALIDITY)
        participation = Participation.objects.select_related(
            "need__association", "volunteer", "company"
        ).get(pk=data["p"], company__isnull=False)
    except (signing.BadSignature, KeyError, TypeError, Participation.DoesNotExist):
        raise ValidationError(LINK_INVALID, code="link_invalid") from None
    return participation, data["e"]


def hr_contacts(company) -> list[str]:
    """The e-mails invited as the company's referent who have not joined yet: its HR contacts
    named by employees (metis.civic.signup)."""
    return sorted(
        set(
            Invitation.objects.pending()
            .filter(company=company, role=Role.COMPANY_REFERENT, expires_at__gt=timezone.now())
            .values_list("email", flat=True)
        )
    )


def answer_links_send(participation) -> list[str]:
    """E-mail each HR contact of the employer its own link to answer the booking (after the
    transaction commits). Returns the addresses."""
    emails = hr_contacts(participation.company)
    volunteer = participation.volunteer.get_full_name() or participation.volunteer.email
    for email in emails:
        url = absolute_url(reverse("civic:answer", args=[answer_token(participation, email)]))
        email_queue(
            to=email,
            subject=_("Civic day of %(person)s: your answer is needed") % {"person": volunteer},
            body=_(
                "%(person)s books a civic day (Service Civique Professionnel) with "
                "%(association)s on %(day)s (%(hours)s h).\n\nAccept or refuse it, with a "
                "reason, before %(due)s: %(url)s\n\nWithout an answer by then, the day counts "
                "as accepted."
            )
            % {
                "person": volunteer,
                "association": participation.need.association,
                "day": participation.planned_starts_on.strftime("%d/%m/%Y"),
                "hours": amount(participation.planned_hours),
                "due": participation.employer_answer_due.strftime("%d/%m/%Y"),
                "url": url,
            },
        )
    return emails
