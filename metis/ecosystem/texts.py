"""The texts the ecosystem prints (docs/ecosystem.md § Council documents): the charter (what
both sides sign, by the SHA-256 of its text), the council's presentation note and draft
deliberation for one or several charters, and the yearly charter reports. Written in French
whatever the interface language (French administrative documents), printed by WeasyPrint
(metis.documents.pdf)."""

import hashlib

from django.template.loader import render_to_string
from django.utils import translation

from metis.documents.pdf import html_pdf


def render(template: str, context: dict) -> str:
    with translation.override("fr"):
        return render_to_string(f"ecosystem/pdf/{template}", context)


def pdf(template: str, context: dict) -> bytes:
    return html_pdf(render(template, context))


def charter_text(charter) -> str:
    """The charter's text as signed: its parties, period, commitments and contributions."""
    return render("charter.html", {"charter": charter})


def charter_sha256(charter) -> str:
    return hashlib.sha256(charter_text(charter).encode()).hexdigest()


def _session_context(session):
    charters = list(session.charters.select_related("partner").order_by("partner__name"))
    return {
        "session": session,
        "territory": session.territory,
        "charters": charters,
        "commitments": charters[0].commitments if charters else [],
    }


def council_note(session) -> str:
    """The presentation note: object, rapporteur, context, what is proposed."""
    return render("council_note.html", _session_context(session))


def council_deliberation(session) -> str:
    """The draft deliberation: visas, considérants, APPROUVE, AUTORISE le maire à signer."""
    return render("council_deliberation.html", _session_context(session))


def subsidies_context(programme, *, session_date, rapporteur) -> dict:
    """The mixed subsidies proposed to the council for a programme (those not voted yet; all of
    them once every one is voted), with their totals and the value of the hours credit at the
    programme's reference hourly value."""
    subsidies = list(
        programme.subsidies.select_related("association").order_by("association__name")
    )
    proposed = [s for s in subsidies if s.status == "proposed"] or subsidies
    for subsidy in proposed:
        subsidy.credit_value = subsidy.hours_credit * programme.reference_hourly_value
    return {
        "programme": programme,
        "territory": programme.territory,
        "subsidies": proposed,
        "session_date": session_date,
        "rapporteur": rapporteur,
        "total_cash": sum((s.cash_current_period for s in proposed), 0),
        "total_hours": sum((s.hours_credit for s in proposed), 0),
        "total_value": sum((s.credit_value for s in proposed), 0),
    }


def subsidies_note(context: dict) -> str:
    """The council's presentation note of a programme's mixed subsidies."""
    return render("subsidies_note.html", context)


def subsidies_deliberation(context: dict) -> str:
    """The draft deliberation of a programme's mixed subsidies."""
    return render("subsidies_deliberation.html", context)
