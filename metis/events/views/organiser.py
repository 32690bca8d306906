"""The organiser's pages (docs/events.md): their events, creating and changing one, publishing
and cancelling it, its registrations and waiting list, the attendees' export, attendance."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metis.core.exports import FORMATS, Sheet, export_response
from metis.core.forms import done, refused, submit_form
from metis.core.permissions import permission_required

from ..enums import EventStatus
from ..forms import EventForm
from ..models import Event
from ..organisers import organisers_of
from ..selectors import events_of_organiser, registrations_of
from ..services.events import event_cancel, event_create, event_publish, event_update
from ..services.registrations import attendance_record


def _event(request, pk, *args, **kwargs):
    return get_object_or_404(
        Event.objects.with_places().select_related(
            "territory", "commune", "organiser_territory", "organiser_association"
        ),
        pk=pk,
    )


def _organiser(request):
    """The organisation the person acts for: their current context when it organises events,
    else the first one they organise for."""
    organisers = organisers_of(request.user)
    current = request.membership.organisation if request.membership else None
    return current if current in organisers else organisers[0]


@permission_required("events.organise")
def manage(request):
    return render(
        request,
        "events/manage.html",
        {"events": events_of_organiser(request.user), "organiser": _organiser(request)},
    )


@permission_required("events.organise")
def create(request):
    organiser = _organiser(request)
    form = EventForm(request.POST or None)
    event = submit_form(
        request,
        form,
        lambda data: event_create(organiser=organiser, data=data, by=request.user),
        success=_("The event is saved as a draft: check it, then publish it."),
    )
    if event:
        return redirect(event)
    return render(
        request, "events/form.html", {"form": form, "organiser": organiser, "event": None}
    )


@permission_required("events.manage", fn=_event)
def update(request, pk):
    event = _event(request, pk)
    form = EventForm(request.POST or None, initial=EventForm.initial_of(event))
    saved = submit_form(
        request,
        form,
        lambda data: event_update(event=event, data=data, by=request.user),
        success=_("The event is updated."),
    )
    if saved:
        return redirect(saved)
    return render(
        request, "events/form.html", {"form": form, "organiser": event.organiser, "event": event}
    )


@require_POST
@permission_required("events.manage", fn=_event)
def publish(request, pk):
    event = _event(request, pk)
    try:
        event_publish(event=event, by=request.user)
    except ValidationError as error:
        return refused(request, error, event)
    return done(request, _("The event is published: people can register now."), event)


@permission_required("events.manage", fn=_event)
def cancel(request, pk):
    event = _event(request, pk)
    if request.method != "POST":
        return render(
            request,
            "confirm.html",
            {
                "title": _("Cancel the event"),
                "question": _(
                    "Cancel “%(title)s”? The %(count)s people registered or waiting get an "
                    "e-mail. This cannot be undone."
                )
                % {"title": event.title, "count": event.registered + event.waiting},
                "details": [],
                "button": _("Cancel the event"),
                "danger": True,
                "back": event.get_absolute_url(),
            },
        )
    try:
        event_cancel(event=event, by=request.user)
    except ValidationError as error:
        return refused(request, error, event)
    return done(request, _("The event is cancelled; the registrants are told by e-mail."), event)


@permission_required("events.manage", fn=_event)
def registrations(request, pk):
    event = _event(request, pk)
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "rows": registrations_of(event),
            "may_mark": event.status != EventStatus.CANCELLED and event.starts_at <= timezone.now(),
        },
    )


@require_POST
@permission_required("events.manage", fn=_event)
def attendance(request, pk):
    event = _event(request, pk)
    present = {int(value) for value in request.POST.getlist("present") if value.isdigit()}
    try:
        came = attendance_record(event=event, present=present, by=request.user)
    except ValidationError as error:
        return refused(request, error, "events:registrations", event.pk)
    return done(
        request,
        _("Attendance recorded: %(count)s present.") % {"count": came},
        "events:registrations",
        event.pk,
    )


@permission_required("events.manage", fn=_event)
def export(request, pk, fmt):
    if fmt not in FORMATS:
        raise Http404
    event = _event(request, pk)
    rows = registrations_of(event)

    def attended(registration):
        return {True: _("present"), False: _("absent")}.get(registration.attended, "")

    sheet = Sheet(
        title=_("Attendees"),
        header=[_("Name"), _("E-mail"), _("Status"), _("Account"), _("Since"), _("Attendance")],
        rows=[
            [
                r.name,
                r.email,
                r.get_status_display(),
                bool(r.user_id),
                r.confirmed_at or r.created_at,
                attended(r),
            ]
            for r in rows["confirmed"] + rows["waiting"]
        ],
    )
    day = timezone.localtime(event.starts_at).strftime("%Y-%m-%d")
    return export_response(f"inscrits-{day}-{event.title}", [sheet], fmt)
