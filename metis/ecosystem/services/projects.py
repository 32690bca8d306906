"""Project holders of social entrepreneurship: their projects and their requests for support
to the partners (docs/ecosystem.md § Project holders)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ..enums import RequestStatus
from ..models import Project, SupportRequest

PROJECT_FIELDS = (
    "territory",
    "title",
    "description",
    "holder_status",
    "structure_name",
    "looking_for_support",
)
PARTNER_NOT_SERVING = gettext_lazy("This partner does not serve the project's territory.")
ALREADY_ASKED = gettext_lazy("You already asked this partner for this support: await its answer.")
ALREADY_ANSWERED = gettext_lazy("This request has already been answered.")
ANSWER_REQUIRED = gettext_lazy("Write a few words to the project holder.")


@transaction.atomic
def project_save(*, holder, data: dict, project=None) -> Project:
    project = project or Project(holder=holder)
    for name in PROJECT_FIELDS:
        if name in data:
            setattr(project, name, data[name])
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def support_request_send(*, project, partner, kind, message, by) -> SupportRequest:
    if not partner.territories.filter(pk=project.territory_id).exists():
        raise ValidationError({"partner": PARTNER_NOT_SERVING})
    if SupportRequest.objects.filter(
        project=project, partner=partner, kind=kind, status=RequestStatus.OPEN
    ).exists():
        raise ValidationError(ALREADY_ASKED)
    request = SupportRequest(project=project, partner=partner, kind=kind, message=message)
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def support_request_answer(*, request, accept: bool, answer: str, by, now=None):
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.OPEN:
        raise ValidationError(ALREADY_ANSWERED)
    if not (answer or "").strip():
        raise ValidationError({"answer": ANSWER_REQUIRED})
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.answer = answer.strip()
    request.answered_by = by
    request.answered_at = now or timezone.now()
    request.save()
    return request
