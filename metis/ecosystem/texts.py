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
