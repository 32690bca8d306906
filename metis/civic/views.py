"""The Service Civique Professionnel's pages: an employee joins it, books a civic day and reads
their account (logged in); the employer answers (its referent, or its HR contact through a
signed link); the national counter and its open data (public)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from metis.core.exports import Sheet, export_response
from metis.core.forms import submit_form
from metis.core.permissions import permission_required
from metis.core.replica import reads_from_replica
from metis.needs.enums import ParticipationStatus
from metis.needs.models import Need, Participation

from .account import civic_bookings, civic_years, employers
from .bookings import NOTICE_DAYS, civic_day_answer, civic_day_book, civic_hours_available
from .forms import AnswerForm, BookForm, JoinForm
from .links import answer_link_read
from .selectors import civic_counter_cached, open_civic_programmes
from .signup import civic_employee_join


def join(request):
    form = JoinForm(request.POST or None)
    company = submit_form(
        request, form, lambda data: civic_employee_join(user=request.user, **data)
    )
    if company:
        messages.success(
            request,
            _("You have joined the Service Civique Professionnel as an employee of %(company)s.")
            % {"company": company},
        )
        return redirect("civic:counter")
    return render(request, "civic/join.html", {"form": form})


@login_not_required
@reads_from_replica
def counter(request):
    return render(
        request, "civic/counter.html", {"counter": civic_counter_cached(timezone.localdate().year)}
    )


@login_not_required
@reads_from_replica
def open_data(request):
    """The counter's figures as open data, one table: the nation, each département, each
    commune (of the employers). No personal data: only sums by place."""
    counter = civic_counter_cached(timezone.localdate().year)
    levels = [(_("France"), [counter.total])]
    if counter.without_employer:
        levels.append((_("No current employer"), [counter.without_employer]))
    levels += [
        (_("Département"), counter.published_departements()),
        (_("Commune"), counter.published_communes()),
    ]
    sheet = Sheet(
        title=_("Service Civique Professionnel %(year)s") % {"year": counter.year},
        header=[
            _("Year"),
            _("Level"),
            _("Code"),
            _("Name"),
            _("Accounts opened"),
            _("Hours entitled"),
            _("Hours booked"),
            _("Hours done"),
        ],
        rows=[
            [counter.year, level, r.code, r.name, r.accounts, r.entitled, r.booked, r.done]
            for level, rows in levels
            for r in rows
        ],
    )
    return export_response(f"service-civique-{counter.year}", [sheet], "csv")


@permission_required("needs.apply")
def book(request, need_pk):
    """An employee books a civic day on a need open to civic days."""
    need = get_object_or_404(
        Need.objects.select_related("association", "commune").filter(open_to_civic_days=True),
        pk=need_pk,
    )
    form = BookForm(request.POST or None)
    participation = submit_form(
        request,
        form,
        lambda data: civic_day_book(need=need, volunteer=request.user, **data),
        success=_("Your civic day is booked: your employer has 15 days to answer."),
    )
    if participation:
        return redirect(participation.get_absolute_url())
    return render(
        request,
        "civic/book.html",
        {
            "need": need,
            "form": form,
            "accounts": [
                (
                    programme.starts_on.year,
                    civic_hours_available(request.user, programme.starts_on.year),
                )
                for programme in open_civic_programmes(timezone.localdate().year)
            ],
            "notice_days": NOTICE_DAYS,
        },
    )


def _answer(request, participation, *, by=None, hr_email="", to):
    form = AnswerForm(request.POST or None)
    answered = submit_form(
        request,
        form,
        lambda data: civic_day_answer(
            participation=participation, by=by, hr_email=hr_email, **data
        ),
    )
    if answered:
        if answered.status == ParticipationStatus.REFUSED:
            messages.success(request, _("The civic day is refused; your employee is told why."))
        else:
            messages.success(
                request,
                _(
                    "The civic day is accepted: the loan agreement and the amendment to accept "
                    "are ready."
                ),
            )
        return redirect(to or request.path)
    return render(
        request,
        "civic/answer.html",
        {
            "p": participation,
            "form": form,
            "invalid": "",
            "awaiting": participation.is_civic_day
            and participation.status == ParticipationStatus.ACCEPTED,
        },
    )


def booking_answer(request, pk):
    """The employer's referent answers a civic day (logged in)."""
    participation = get_object_or_404(
        Participation.objects.select_related("need__association", "volunteer", "company"), pk=pk
    )
    if not request.user.has_perm("needs.approve_participation", participation):
        raise PermissionDenied
    return _answer(request, participation, by=request.user, to=participation.get_absolute_url())


@login_not_required
def answer(request, token):
    """The employer's HR contact answers a civic day through the signed link of its e-mail."""
    try:
        participation, email = answer_link_read(token)
    except ValidationError as error:
        return render(request, "civic/answer.html", {"invalid": error.messages[0]}, status=404)
    return _answer(request, participation, hr_email=email, to=None)


def my_days(request):
    """The person's civic days account: each year, the days booked, their employers."""
    return render(
        request,
        "civic/my_days.html",
        {
            "years": civic_years(request.user),
            "bookings": civic_bookings(request.user),
            "employers": employers(request.user),
        },
    )
