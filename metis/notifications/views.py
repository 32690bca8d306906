"""The notices page: list, mark as read, immediate e-mails or a daily digest."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metis.core.redirects import redirect_to_next

from . import services
from .forms import PreferenceForm
from .models import Notification

PAGE_SIZE = 30


def notices(request):
    page = Paginator(Notification.objects.for_user(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    form = PreferenceForm(initial={"email_digest": "1" if request.user.email_digest else "0"})
    return render(request, "notifications/notices.html", {"page": page, "form": form})


@require_POST
def mark_read(request, pk=None):
    services.notification_mark_read(user=request.user, notification_id=pk)
    if pk is not None:
        return redirect_to_next(request, "notifications:notices")
    return redirect("notifications:notices")


@require_POST
def preferences(request):
    form = PreferenceForm(request.POST)
    if form.is_valid():
        services.user_set_email_digest(
            user=request.user, email_digest=form.cleaned_data["email_digest"]
        )
        messages.success(request, _("Your e-mail preference is saved."))
    return redirect("notifications:notices")
