import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metis.core.forms import show_refusal, submit_form
from metis.core.params import get_posted_object_or_404
from metis.core.redirects import redirect_to_next

from .forms import VolunteerProfileForm
from .middleware import SESSION_KEY
from .models import Invitation, VolunteerProfile
from .permissions import is_employee
from .services import (
    invitation_accept,
    user_erase,
    user_export_data,
    volunteer_profile_save,
)


@require_POST
def switch_context(request):
    membership = get_posted_object_or_404(request.user.memberships.current(), request, "membership")
    request.session[SESSION_KEY] = membership.pk
    return redirect_to_next(request, "inbox:home")


def profile(request):
    if not is_employee(request.user):
        # Only employees volunteer: the others see their account, without a volunteer profile.
        return render(request, "accounts/profile.html", {"form": None})
    instance = VolunteerProfile.objects.filter(user=request.user).first()
    form = VolunteerProfileForm(
        request.POST or None, instance=instance or VolunteerProfile(user=request.user)
    )
    if submit_form(
        request,
        form,
        lambda data: volunteer_profile_save(user=request.user, data=data),
        success=_("Your profile has been saved."),
    ):
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


def data_export(request):
    data = user_export_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-metis.json"'
    return response


def erase(request):
    if request.method == "POST":
        if request.POST.get("confirm") != "EFFACER":
            messages.error(request, _("Type EFFACER to confirm the erasure."))
        else:
            user_erase(user=request.user)
            logout(request)
            messages.success(request, _("Your personal data has been erased."))
            return redirect("inbox:home")
    return render(request, "accounts/erase.html")


@login_not_required
def invitation_detail(request, token):
    invitation = get_object_or_404(Invitation, token=token)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(
                request,
                _("Welcome to %(organisation)s.") % {"organisation": invitation.organisation},
            )
            return redirect("inbox:home")
    return render(request, "accounts/invitation.html", {"invitation": invitation})
