"""One PDF renderer for every document: a Django template under documents/pdf/ → WeasyPrint.

Legal documents are printed in French whatever the interface language (they are French legal
instruments: rules.md § 2 and § 5), so the PDF templates are written in French.
"""

from django.template.loader import render_to_string
from django.utils import translation

from .models import sha256_of


def _no_fetch(url, *args, **kwargs):
    """Documents embed nothing external; a plain function also spares WeasyPrint's default
    fetcher, which builds an SSL context (0.1 s) on every render."""
    raise ValueError(f"external resource refused: {url}")


def render_pdf(template: str, context: dict) -> tuple[bytes, str]:
    """Render `documents/pdf/<template>` to PDF bytes; returns (bytes, sha256 hex)."""
    from weasyprint import HTML

    with translation.override("fr"):
        html = render_to_string(f"documents/pdf/{template}", context)
    data = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    return data, sha256_of(data)
