from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render, resolve_url
from django.utils import timezone

from metis.organisations.models import Partner, Territory

from ..models import Charter, CouncilSession, PartnerOffer, Project, Resource, SupportRequest


def form_page(request, form, title, *, intro="", back=None, multipart=False):
    return render(
        request,
        "ecosystem/form.html",
        {
            "form": form,
            "title": title,
            "intro": intro,
            "back": resolve_url(back) if back else None,
            "multipart": multipart,
        },
    )


def confirm_page(request, *, title, question, button, back, danger=False):
    return render(
        request,
        "confirm.html",
        {
            "title": title,
            "question": question,
            "details": [],
            "button": button,
            "back": back,
            "danger": danger,
        },
    )


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def year_of(request) -> int:
    value = request.GET.get("annee", "")
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return timezone.localdate().year


def territory(request, pk, **kwargs):
    return get_object_or_404(Territory.objects.select_related("commune", "operator"), pk=pk)


def partner(request, pk, **kwargs):
    return get_object_or_404(Partner, pk=pk)


def offer(request, pk, **kwargs):
    return get_object_or_404(PartnerOffer.objects.select_related("partner"), pk=pk)


def charter(request, pk, **kwargs):
    return get_object_or_404(
        Charter.objects.select_related("territory__operator", "partner", "council_session"),
        pk=pk,
    )


def session(request, pk, **kwargs):
    return get_object_or_404(
        CouncilSession.objects.select_related("territory__operator", "territory__commune"), pk=pk
    )


def resource(request, pk, **kwargs):
    return get_object_or_404(Resource.objects.select_related("territory__operator"), pk=pk)


def project(request, pk, **kwargs):
    return get_object_or_404(Project.objects.select_related("territory"), pk=pk)


def support_request(request, pk, **kwargs):
    return get_object_or_404(
        SupportRequest.objects.select_related("project__territory", "partner"), pk=pk
    )
