"""The evaluation report of a programme, on screen and as PDF (docs/evaluation.md)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone, translation

from metis.core.permissions import permission_required
from metis.documents.pdf import html_pdf
from metis.programmes.models import Programme

from .evaluation import programme_evaluation


def _programme(request, pk):
    return get_object_or_404(Programme.objects.with_territory(), pk=pk)


@permission_required("programmes.view_programme", fn=_programme)
def evaluation(request, pk):
    programme = _programme(request, pk)
    context = programme_evaluation(programme)
    context["can_copy"] = programme.status != "draft" and not hasattr(programme, "next_programme")
    return render(request, "reporting/evaluation.html", context)


@permission_required("programmes.view_programme", fn=_programme)
def evaluation_pdf(request, pk):
    programme = _programme(request, pk)
    context = programme_evaluation(programme)
    context["printed_on"] = timezone.localdate()
    with translation.override("fr"):
        html = render_to_string("reporting/evaluation_pdf.html", context)
    response = HttpResponse(html_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bilan-programme-{programme.pk}.pdf"'
    return response
