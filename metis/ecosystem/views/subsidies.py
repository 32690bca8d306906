"""The council's documents for a programme's mixed subsidies (note and draft deliberation
listing associations, cash and hours credit: docs/ecosystem.md § Mixed subsidies)."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone

from metis.core.permissions import permission_required
from metis.documents.pdf import html_pdf
from metis.programmes.models import Programme

from ..texts import subsidies_context, subsidies_deliberation, subsidies_note
from . import common


def _programme(request, pk):
    return get_object_or_404(Programme.objects.select_related("territory__commune"), pk=pk)


def _context(request, programme):
    try:
        session_date = datetime.date.fromisoformat(request.GET.get("seance", ""))
    except ValueError:
        session_date = timezone.localdate()
    rapporteur = request.GET.get("rapporteur", "").strip()[:200] or "…"
    return subsidies_context(programme, session_date=session_date, rapporteur=rapporteur)


@permission_required("programmes.change_programme", fn=_programme)
def subsidies_note_pdf(request, pk):
    programme = _programme(request, pk)
    html = subsidies_note(_context(request, programme))
    return common.pdf_response(html_pdf(html), f"note-subventions-{pk}.pdf")


@permission_required("programmes.change_programme", fn=_programme)
def subsidies_deliberation_pdf(request, pk):
    programme = _programme(request, pk)
    html = subsidies_deliberation(_context(request, programme))
    return common.pdf_response(html_pdf(html), f"projet-deliberation-subventions-{pk}.pdf")
