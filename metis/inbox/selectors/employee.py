"""An employee volunteer's inbox."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metis.accounts.models import VolunteerProfile
from metis.civic.bookings import HALF_DAY, civic_hours_available
from metis.needs.enums import ParticipationStatus
from metis.needs.models import Participation

from ..items import Step, Task, onboarding, waiting
from .documents import Party, amendment_pages, documents_task


def inbox(user, company) -> dict:
    mine = Participation.objects.for_volunteer(user).filter(company=company)
    invitations = mine.filter(status=ParticipationStatus.INVITED).count()
    active = mine.filter(status=ParticipationStatus.ACTIVE).count()
    amendments = amendment_pages(Party.EMPLOYEE, volunteer=user, company=company)
    participations = reverse("needs:my_participations")
    half_days = int(civic_hours_available(user, timezone.localdate().year) // HALF_DAY)
    tasks = [
        Task(
            "invitations",
            ngettext("Invitation to answer", "Invitations to answer", invitations),
            invitations,
            participations,
        ),
        documents_task(
            "amendments",
            ngettext(
                "Contract amendment to accept", "Contract amendments to accept", len(amendments)
            ),
            amendments,
        ),
        Task(
            "civic_days",
            ngettext(
                "Civic half-day to give this year (Service Civique Professionnel)",
                "Civic half-days to give this year (Service Civique Professionnel)",
                half_days,
            ),
            half_days,
            reverse("needs:catalogue") + "?civique=1",
        ),
        Task(
            "declare",
            ngettext(
                "Active participation: declare your hours",
                "Active participations: declare your hours",
                active,
            ),
            active,
            participations,
        ),
    ]
    profile = VolunteerProfile.objects.filter(user=user).first()
    steps = [
        Step(
            "profile",
            _("Describe your skills in your volunteer profile"),
            profile is not None and profile.skills.exists(),
            reverse("accounts:profile"),
        ),
        Step(
            "apply",
            _("Apply to a first need"),
            Participation.objects.for_volunteer(user).exists(),
            reverse("needs:needs_for_you"),
        ),
    ]
    return {"tasks": waiting(tasks), "onboarding": onboarding(steps)}
