"""The council: a session prepared for one or several charters (note and draft deliberation
as PDF), then its decision recorded with the signed deliberation."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from metis.core.forms import submit_form
from metis.core.permissions import permission_required
from metis.documents.pdf import html_pdf

from ..enums import CharterStatus, CouncilOutcome
from ..forms import DecisionForm, SessionForm
from ..services import charters as services
from ..texts import council_deliberation, council_note
from . import common


@permission_required("ecosystem.manage_territory", fn=common.territory)
def session_create(request, pk):
    territory = common.territory(request, pk)
    drafts = territory.charters.filter(status=CharterStatus.DRAFT).select_related("partner")
    form = SessionForm(request.POST or None, charters=drafts)
    session = submit_form(
        request,
        form,
        lambda data: services.council_session_prepare(
            territory=territory,
            charters=list(data["charters"]),
            session_date=data["session_date"],
            rapporteur=data["rapporteur"],
            context=data["context"],
            by=request.user,
        ),
        success=_("The council's documents are ready: download the note and the deliberation."),
    )
    if session:
        return redirect(session)
    return common.form_page(
        request,
        form,
        _("Present charters to the council"),
        intro=_(
            "Choose the draft charters the council approves together: METIS prepares one "
            "presentation note and one draft deliberation for all of them."
        ),
        back="ecosystem:home",
    )


@permission_required("ecosystem.manage_session", fn=common.session)
def session_detail(request, pk):
    session = common.session(request, pk)
    return render(
        request,
        "ecosystem/session_detail.html",
        {
            "session": session,
            "charters": session.charters.select_related("partner"),
            "pending": session.outcome == CouncilOutcome.PENDING,
        },
    )


@permission_required("ecosystem.manage_session", fn=common.session)
def session_note(request, pk):
    session = common.session(request, pk)
    return common.pdf_response(html_pdf(council_note(session)), f"note-conseil-{pk}.pdf")


@permission_required("ecosystem.manage_session", fn=common.session)
def session_deliberation(request, pk):
    session = common.session(request, pk)
    return common.pdf_response(
        html_pdf(council_deliberation(session)), f"projet-deliberation-{pk}.pdf"
    )


@permission_required("ecosystem.manage_session", fn=common.session)
def session_record(request, pk):
    session = common.session(request, pk)
    form = DecisionForm(request.POST or None, request.FILES or None)
    if submit_form(
        request,
        form,
        lambda data: services.council_decision_record(
            session=session,
            outcome=data["outcome"],
            deliberation_number=data["deliberation_number"],
            signed_file=data["signed_file"],
            by=request.user,
        ),
        success=_(
            "The council's decision is recorded. Approved charters now await the signatures of "
            "the mayor (or an elected member with delegation) and of the partner."
        ),
    ):
        return redirect(session)
    return common.form_page(
        request,
        form,
        _("Record the council's decision"),
        back=session.get_absolute_url(),
        multipart=True,
    )


@login_not_required
def session_signed_file(request, pk):
    """The signed deliberation of an approved session: a public act, shown with the charters in
    force on the public ecosystem page."""
    session = common.session(request, pk)
    if session.outcome != CouncilOutcome.APPROVED or not session.signed_deliberation:
        raise Http404
    response = HttpResponse(bytes(session.signed_deliberation), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="deliberation-{session.pk}.pdf"'
    return response
