"""Project holders: their projects and their requests for support; partners answer."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from metis.core.forms import submit_form
from metis.core.permissions import permission_required
from metis.organisations.enums import OrganisationStatus
from metis.organisations.models import Partner, Territory

from ..forms import AnswerForm, ProjectForm, SupportRequestForm
from ..models import Project
from ..services import projects as services
from . import common


def _project_form(request, **kwargs):
    form = ProjectForm(request.POST or None, **kwargs)
    form.fields["territory"].queryset = Territory.objects.filter(
        status=OrganisationStatus.ACTIVE
    ).order_by("name")
    return form


@permission_required("ecosystem.add_project")
def project_list(request):
    return render(
        request,
        "ecosystem/project_list.html",
        {"projects": Project.objects.filter(holder=request.user).select_related("territory")},
    )


@permission_required("ecosystem.add_project")
def project_create(request):
    form = _project_form(request)
    project = submit_form(
        request,
        form,
        lambda data: services.project_save(holder=request.user, data=data),
        success=_("Your project is described. Now ask the partners for the support you need."),
    )
    if project:
        return redirect(project)
    return common.form_page(
        request,
        form,
        _("Describe your project"),
        intro=_(
            "Any project of social entrepreneurship can ask the territory's partners for "
            "premises, financing or coaching. Only associations of general interest can receive "
            "skills sponsorship with tax receipts."
        ),
        back="ecosystem:project_list",
    )


@permission_required("ecosystem.change_project", fn=common.project)
def project_detail(request, pk):
    project = common.project(request, pk)
    return render(
        request,
        "ecosystem/project_detail.html",
        {"project": project, "requests": project.requests.select_related("partner")},
    )


@permission_required("ecosystem.change_project", fn=common.project)
def project_update(request, pk):
    project = common.project(request, pk)
    form = _project_form(request, instance=project)
    if submit_form(
        request,
        form,
        lambda data: services.project_save(
            holder=request.user, project=Project.objects.get(pk=pk), data=data
        ),
        success=_("Your project is updated."),
    ):
        return redirect(project)
    return common.form_page(request, form, project.title, back=project.get_absolute_url())


@permission_required("ecosystem.change_project", fn=common.project)
def request_create(request, pk):
    project = common.project(request, pk)
    partners = Partner.objects.filter(territories=project.territory).order_by("name")
    form = SupportRequestForm(request.POST or None, partners=partners)
    if submit_form(
        request,
        form,
        lambda data: services.support_request_send(
            project=project,
            partner=data["partner"],
            kind=data["kind"],
            message=data["message"],
            by=request.user,
        ),
        success=_("Your request is sent; the partner's answer will show on your project."),
    ):
        return redirect(project)
    return common.form_page(
        request,
        form,
        _("Ask a partner for support"),
        back=project.get_absolute_url(),
    )


@permission_required("ecosystem.answer_request", fn=common.support_request)
def request_answer(request, pk):
    support_request = common.support_request(request, pk)
    form = AnswerForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.support_request_answer(
            request=support_request, accept=data["accept"], answer=data["answer"], by=request.user
        ),
        success=_("Your answer is sent to the project holder."),
    ):
        return redirect(support_request.partner)
    return render(
        request,
        "ecosystem/request_answer.html",
        {"support_request": support_request, "project": support_request.project, "form": form},
    )
