"""Writes of the loan of staff: agreements (versions of the general terms), the annex of each
employee, contract amendments, their acceptances, and the activation that follows.

Rules: docs/rules.md § 2 (loan of staff) and § 5 (documents); decisions in
docs/decisions/0007-documents.md.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from metis.core.clock import stamp_at
from metis.core.formats import french_amount
from metis.core.hours import quantize

from ..models import (
    Acceptance,
    AgreementAnnex,
    AgreementVersion,
    ContractAmendment,
    LoanAgreement,
    Party,
)
from ..pdf import html_pdf, render_html
from .activation import participations_activate_ready
from .common import add_years, postcode, require

# Messages (tests import them).
LOAN_TOO_LONG = _("A loan of staff lasts at most 3 years (Code du travail L8241-3).")
ALREADY_ACCEPTED = _("You have already accepted this document.")
NOT_A_PARTY = _("You are not a party to this document.")
WORKS_COUNCIL_NOT_CONSULTED = _(
    "Record on the company's page when its works council (CSE) was consulted on loans of "
    "staff: it is printed on the agreement (Code du travail L8241-2)."
)


def loan_duration_ok(starts_on, ends_on) -> bool:
    """At most 3 years per loan (L8241-3): the last day is before the 3rd anniversary."""
    return ends_on < add_years(starts_on, 3)


def _place(participation) -> str:
    need = participation.need
    commune = need.commune
    where = f"{commune.name} ({postcode(commune)})"
    labels = {"remote": "à distance", "on_site": "sur site", "both": "sur site et à distance"}
    return f"{where} — {labels.get(need.format, need.format)}"


def _annex_fields(participation) -> dict:
    from metis.accounts.models import VolunteerProfile
    from metis.valuation.cost_prices import cost_price_for

    volunteer = participation.volunteer
    profile = VolunteerProfile.objects.filter(user=volunteer).first()
    price = cost_price_for(
        company=participation.company,
        employee=volunteer,
        year=participation.planned_starts_on.year,
    )
    hourly = price.hourly_cost if price else None
    need = participation.need
    return {
        "employee_name": volunteer.get_full_name() or volunteer.email,
        "job_title": (profile.job_title if profile else "") or "",
        "tasks": f"{need.title}\n{need.description}",
        "planned_hours": participation.planned_hours,
        "starts_on": participation.planned_starts_on,
        "ends_on": participation.planned_ends_on,
        "hourly_cost": hourly,
        "valuation": quantize(participation.planned_hours * hourly) if hourly else None,
        "place": _place(participation),
        "schedule": _schedule(participation, profile),
        "post_features": _post_features(participation),
    }


def _schedule(participation, profile) -> str:
    """Working times (L8241-2): the hours, on working time, the days, the daily limit."""
    from metis.accounts.enums import Weekday
    from metis.needs.models import MAX_HOURS_PER_DAY

    with translation.override("fr"):
        days = [str(Weekday(d).label).lower() for d in (profile.weekdays if profile else [])]
    text = (
        f"{french_amount(participation.planned_hours)} heures au total, prises sur le temps de "
        f"travail du salarié, du {participation.planned_starts_on:%d/%m/%Y} au "
        f"{participation.planned_ends_on:%d/%m/%Y}, selon le calendrier prévisionnel ; "
    )
    if days:
        text += f"les {', '.join(days)}, "
    else:
        text += "aux jours convenus entre le salarié et l’organisme, "
    return (
        text + f"dans ses horaires de travail habituels et au plus {MAX_HOURS_PER_DAY} heures "
        "par jour."
    )


def _post_features(participation) -> str:
    """The particular features of the post (L8241-2): format and skills of the need."""
    need = participation.need
    with translation.override("fr"):
        skills = ", ".join(str(s) for s in need.skills_required.order_by("pk"))
        fmt = str(need.get_format_display()).lower()
    return (
        f"Mission de mécénat de compétences ({fmt}) ; compétences mobilisées : {skills}. "
        "L’organisme utilisateur est responsable des conditions d’exécution du travail (durée "
        "du travail, santé et sécurité)."
    )


def _calendar(annex) -> list[tuple[str, Decimal]]:
    """Planned hours spread evenly over the months of the annex (the agreed calendar)."""
    months = []
    day = annex.starts_on.replace(day=1)
    while day <= annex.ends_on:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    share = quantize(annex.planned_hours / len(months))
    rows = [(f"{m:%m/%Y}", share) for m in months]
    # The last month takes the rounding difference so the calendar adds up.
    rows[-1] = (rows[-1][0], quantize(annex.planned_hours - share * (len(months) - 1)))
    return [(label, french_amount(hours)) for label, hours in rows]


def _annex_context(annex) -> dict:
    return {
        "a": annex,
        "hours": french_amount(annex.planned_hours),
        "hourly": french_amount(annex.hourly_cost) if annex.hourly_cost else None,
        "valuation": french_amount(annex.valuation) if annex.valuation is not None else None,
        "calendar": _calendar(annex),
        "months": round((annex.ends_on - annex.starts_on).days / 30.44, 1),
    }


def _parties(agreement) -> dict:
    return {
        "agreement": agreement,
        "c": agreement.company,
        "a": agreement.association,
        "c_postcode": postcode(agreement.company.commune),
        "a_postcode": postcode(agreement.association.commune),
        "programme": agreement.programme,
    }


def _render_agreement(version, today):
    return render_html(
        "agreement.html", {**_parties(version.agreement), "version": version.number, "today": today}
    )


def _render_annex(annex, today):
    return render_html(
        "annex.html", {**_parties(annex.agreement), "row": _annex_context(annex), "today": today}
    )


def _render_amendment(participation, annex, today):
    return render_html(
        "amendment.html",
        {
            "p": participation,
            "c": participation.company,
            "a": participation.need.association,
            "annex": annex,
            "hours": french_amount(annex.planned_hours),
            "calendar": _calendar(annex),
            "today": today,
        },
    )


@transaction.atomic
def agreements_prepare_for(*, participation, by=None, now: datetime.datetime | None = None):
    """Called when the employer approves a participation: the company × association ×
    programme agreement (its general terms, version 1, the first time), the participation's
    annex (accepted on its own: the employees already active are not affected) and the
    employee's contract amendment, prepared at `now` (None: the present; the clock of a
    replay). Returns (agreement, annex, amendment)."""
    need = participation.need
    require(
        loan_duration_ok(participation.planned_starts_on, participation.planned_ends_on),
        LOAN_TOO_LONG,
        code="loan_too_long",
    )
    agreement, created = LoanAgreement.objects.get_or_create(
        company=participation.company,
        association=need.association,
        programme=participation.ledger_programme,
    )
    if created:
        stamp_at(agreement, now, created=True)
    agreement = LoanAgreement.objects.select_for_update().get(pk=agreement.pk)
    if not agreement.versions.exists():
        version = AgreementVersion.objects.create(agreement=agreement, number=1)
        stamp_at(version, now, created=True)
    annex = AgreementAnnex.objects.filter(participation=participation).first()
    if annex is None or not annex.acceptances.exists():
        # Not accepted yet: its text is rendered afresh with the approved hours and dates.
        annex, created = AgreementAnnex.objects.update_or_create(
            participation=participation,
            defaults={
                "agreement": agreement,
                **_annex_fields(participation),
                "html": "",
                "sha256": "",
                "pdf": None,
            },
        )
        stamp_at(annex, now, created=created)
    amendment, created = ContractAmendment.objects.get_or_create(participation=participation)
    if created:
        stamp_at(amendment, now, created=True)
    elif not amendment.acceptances.exists():
        amendment.html, amendment.pdf, amendment.sha256 = "", None, ""
        amendment.save(update_fields=["html", "pdf", "sha256", "updated_at"])
        stamp_at(amendment, now, created=False)
    return agreement, annex, amendment


def _text(model, obj, render, today=None):
    """The stored text of a document, rendered the first time it is needed (dated `today`);
    from then on these exact characters (and their SHA-256) are what parties read and
    accept."""
    obj = model.objects.select_for_update().get(pk=obj.pk)
    if not obj.html:
        obj.html, obj.sha256 = render(obj, today or timezone.localdate())
        obj.save(update_fields=["html", "sha256"])
    return obj


def _pdf(model, obj, render) -> bytes:
    obj = _text(model, obj, render)
    if obj.pdf is None:
        obj.pdf = html_pdf(obj.html)
        obj.save(update_fields=["pdf"])
    return bytes(obj.pdf)


def _version_text(version, today):
    return _render_agreement(version, today)


def _annex_text(annex, today):
    return _render_annex(annex, today)


def _amendment_text(amendment, today):
    participation = amendment.participation
    return _render_amendment(participation, participation.agreement_annex, today)


@transaction.atomic
def agreement_version_pdf(version) -> bytes:
    """The PDF of an agreement version, printed from its stored text."""
    return _pdf(AgreementVersion, version, _version_text)


@transaction.atomic
def annex_pdf(annex) -> bytes:
    """The PDF of an employee's annex, printed from its stored text."""
    return _pdf(AgreementAnnex, annex, _annex_text)


@transaction.atomic
def amendment_pdf(amendment) -> bytes:
    """The PDF of a contract amendment, printed from its stored text."""
    return _pdf(ContractAmendment, amendment, _amendment_text)


def agreement_party(user, agreement) -> str | None:
    from metis.accounts.permissions import is_manager_of_association, is_referent_of_company

    if is_referent_of_company(user, agreement.company):
        return Party.COMPANY
    if is_manager_of_association(user, agreement.association):
        return Party.ASSOCIATION
    return None


def amendment_party(user, amendment) -> str | None:
    from metis.accounts.permissions import is_referent_of_company

    if amendment.participation.volunteer_id == user.pk:
        return Party.EMPLOYEE
    if is_referent_of_company(user, amendment.participation.company):
        return Party.COMPANY
    return None


def _accept(model, obj, render, *, party, by, now, **target) -> Acceptance:
    require(
        not Acceptance.objects.filter(party=party, **target).exists(),
        ALREADY_ACCEPTED,
        code="already_accepted",
    )
    now = now or timezone.now()
    obj = _text(model, obj, render, today=timezone.localdate(now))
    return Acceptance.objects.create(
        party=party, user=by, accepted_at=now, sha256=obj.sha256, **target
    )


@transaction.atomic
def agreement_accept(*, agreement, by, now: datetime.datetime | None = None) -> Acceptance:
    """The company referent or the association manager accepts the current version of the
    agreement's general terms (in force once both did). `now`: the clock of a replay."""
    agreement = LoanAgreement.objects.select_for_update().get(pk=agreement.pk)
    party = agreement_party(by, agreement)
    require(party is not None, NOT_A_PARTY, code="not_a_party")
    if party == Party.COMPANY:
        company = agreement.company
        require(
            not company.has_works_council or company.works_council_consulted_on is not None,
            WORKS_COUNCIL_NOT_CONSULTED,
            code="works_council",
        )
    version = agreement.current_version
    acceptance = _accept(
        AgreementVersion,
        version,
        _version_text,
        party=party,
        by=by,
        now=now,
        agreement_version=version,
    )
    participations = [
        annex.participation for annex in agreement.annexes.select_related("participation")
    ]
    participations_activate_ready(participations, by=by, now=now)
    return acceptance


@transaction.atomic
def annex_accept(*, annex, by, now: datetime.datetime | None = None) -> Acceptance:
    """The company referent or the association manager accepts one employee's annex, on its
    own."""
    annex = AgreementAnnex.objects.select_for_update().select_related("agreement").get(pk=annex.pk)
    party = agreement_party(by, annex.agreement)
    require(party is not None, NOT_A_PARTY, code="not_a_party")
    acceptance = _accept(
        AgreementAnnex, annex, _annex_text, party=party, by=by, now=now, annex=annex
    )
    participations_activate_ready([annex.participation], by=by, now=now)
    return acceptance


@transaction.atomic
def amendment_accept(*, amendment, by, now: datetime.datetime | None = None) -> Acceptance:
    """The employee and the employer accept the amendment to the employment contract."""
    amendment = ContractAmendment.objects.select_for_update().get(pk=amendment.pk)
    party = amendment_party(by, amendment)
    require(party is not None, NOT_A_PARTY, code="not_a_party")
    acceptance = _accept(
        ContractAmendment,
        amendment,
        _amendment_text,
        party=party,
        by=by,
        now=now,
        amendment=amendment,
    )
    participations_activate_ready([amendment.participation], by=by, now=now)
    return acceptance


@transaction.atomic
def agreements_pseudonymise_employee(*, user, names, erased_name) -> int:
    """Erasure of an employee (accounts.personal_data): their annexes name `erased_name`, and
    the stored texts of their annexes and contract amendments (and of any agreement version
    that names them) have each former name replaced; a stored PDF is made again from the
    redacted text. Acceptances keep the SHA-256 of what was accepted (the proof). Returns the
    documents redacted."""
    AgreementAnnex.objects.filter(participation__volunteer=user).update(
        employee_name=erased_name, job_title=""
    )
    documents = [
        *AgreementAnnex.objects.select_for_update().filter(participation__volunteer=user),
        *ContractAmendment.objects.select_for_update().filter(participation__volunteer=user),
        *AgreementVersion.objects.select_for_update().filter(
            pk__in=AgreementVersion.objects.filter(
                agreement__annexes__participation__volunteer=user
            ).values("pk")
        ),
    ]
    redacted = 0
    for document in documents:
        html = document.html
        for name in names:
            html = html.replace(name, erased_name)
        if html == document.html:
            continue
        document.html = html
        if document.pdf is not None:
            document.pdf = html_pdf(html)
        document.save(update_fields=["html", "pdf"])
        redacted += 1
    return redacted
