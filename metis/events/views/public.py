"""Public pages of events (docs/events.md): the list with its filters, an event's page and
registering (with or without an account), the visitor's signed links, the iCal files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metis.core.forms import refused, show_refusal, submit_form
from metis.organisations.models import Territory

from ..calendar import ics_response
from ..enums import EventStatus, RegistrationStatus
from ..forms import FilterForm, VisitorForm
from ..links import CANCEL, CONFIRM, registration_link_read
from ..models import Event, Registration
from ..selectors import upcoming_events
from ..services.registrations import (
    registration_cancel,
    registration_confirm,
    registration_for_user,
    registration_request,
)

PAGE_SIZE = 12


@login_not_required
def event_list(request):
    form = FilterForm(request.GET or None)
    criteria = form.cleaned_data if form.is_valid() else {}
    page = Paginator(upcoming_events(**criteria), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(criteria)},
    )


def _visible_event(request, pk):
    """Published and cancelled events are public; a draft only for its organiser."""
    event = get_object_or_404(
        Event.objects.with_places().select_related(
            "territory", "commune", "organiser_territory", "organiser_association"
        ),
        pk=pk,
    )
    if event.status == EventStatus.DRAFT and not request.user.has_perm("events.manage", event):
        raise Http404
    return event


def _my_registration(request, event):
    if not request.user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event, email=request.user.email.lower())
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )


def _detail(request, event, form=None, status=200):
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "form": form or VisitorForm(),
            "mine": _my_registration(request, event),
            "may_manage": request.user.has_perm("events.manage", event),
            "is_open": event.status == EventStatus.PUBLISHED and event.starts_at > timezone.now(),
        },
        status=status,
    )


@login_not_required
def event_detail(request, pk):
    return _detail(request, _visible_event(request, pk))


def _registered_message(request, registration):
    if registration.status == RegistrationStatus.CONFIRMED:
        messages.success(
            request, _("Your place is booked: the confirmation is on its way by e-mail.")
        )
    elif registration.status == RegistrationStatus.WAITING:
        messages.info(
            request,
            _(
                "The event is full: you are on the waiting list and will get an e-mail if a "
                "place is freed."
            ),
        )


@login_not_required
@require_POST
def register(request, pk):
    event = _visible_event(request, pk)
    if request.user.is_authenticated:
        try:
            registration = registration_for_user(event=event, user=request.user)
        except ValidationError as error:
            return refused(request, error, event)
        _registered_message(request, registration)
        return redirect(event)
    form = VisitorForm(request.POST)
    registration = submit_form(
        request, form, lambda data: registration_request(event=event, **data)
    )
    if registration is None:
        return _detail(request, event, form, status=400 if form.is_bound else 200)
    messages.success(
        request,
        _(
            "Almost done: open the e-mail sent to %(email)s and follow its link to confirm "
            "your registration."
        )
        % {"email": registration.email},
    )
    return redirect(event)


def _link_page(request, token, purpose, *, service, title, question, button, done):
    try:
        registration = registration_link_read(token, purpose)
    except ValidationError as error:
        return render(
            request, "events/link_invalid.html", {"message": error.messages[0]}, status=404
        )
    if request.method == "POST":
        try:
            registration = service(registration=registration)
        except ValidationError as error:
            show_refusal(request, error)
        else:
            done(request, registration)
        return redirect(registration.event)
    event = registration.event
    return render(
        request,
        "events/link.html",
        {
            "title": title,
            "question": question % {"title": event.title},
            "button": button,
            "event": event,
            "registration": registration,
        },
    )


@login_not_required
def confirm(request, token):
    """A visitor confirms their e-mail: GET shows the button (link scanners do not register
    anyone), POST confirms."""
    return _link_page(
        request,
        token,
        CONFIRM,
        service=registration_confirm,
        title=_("Confirm your registration"),
        question=_("Confirm your registration for “%(title)s”."),
        button=_("Confirm my registration"),
        done=_registered_message,
    )


def _cancelled_message(request, registration):
    messages.success(request, _("Your registration is cancelled. Thank you for freeing the place."))


@login_not_required
def cancel_link(request, token):
    """A visitor cancels through the signed link of their e-mails."""
    return _link_page(
        request,
        token,
        CANCEL,
        service=registration_cancel,
        title=_("Cancel your registration"),
        question=_(
            "Cancel your registration for “%(title)s”? Your place goes to the next person waiting."
        ),
        button=_("Cancel my registration"),
        done=_cancelled_message,
    )


@require_POST
def unregister(request, pk):
    """A person with an account cancels their own registration from the event's page."""
    event = _visible_event(request, pk)
    registration = _my_registration(request, event)
    if registration is None:
        raise Http404
    try:
        registration_cancel(registration=registration)
    except ValidationError as error:
        return refused(request, error, event)
    _cancelled_message(request, registration)
    return redirect(event)


@login_not_required
def ical_event(request, pk):
    event = get_object_or_404(Event.objects.exclude(status=EventStatus.DRAFT), pk=pk)
    return ics_response([event], name=event.title, filename=event.title)


@login_not_required
def feed(request):
    return ics_response(upcoming_events(), name=_("METIS events"), filename="evenements")


@login_not_required
def territory_feed(request, slug):
    territory = get_object_or_404(Territory, slug=slug)
    return ics_response(
        upcoming_events(territory=territory),
        name=_("Events — %(territory)s") % {"territory": territory.name},
        filename=f"evenements-{territory.slug}",
    )
