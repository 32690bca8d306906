"""One PDF renderer for every document: a Django template under documents/pdf/ → WeasyPrint.
Agreements, annexes and amendments keep their rendered text (what the parties accept, by its
SHA-256) and print it to PDF when first downloaded (render_html, html_pdf); receipts,
attestations and statements are printed at once (render_pdf).

Legal documents are printed in French whatever the interface language (they are French legal
instruments: docs/rules.md § 2 and § 5), so the PDF templates are written in French.
"""

from django.template.loader import render_to_string
from django.utils import translation

from .models import sha256_of


def _no_fetch(url, *args, **kwargs):
    """Documents embed nothing external; a plain function also spares WeasyPrint's default
    fetcher, which builds an SSL context (0.1 s) on every render."""
    raise ValueError(f"external resource refused: {url}")


def render_html(template: str, context: dict) -> tuple[str, str]:
    """Render the text of `documents/pdf/<template>` (HTML, in French); returns (html, sha256
    hex of its UTF-8 bytes)."""
    with translation.override("fr"):
        html = render_to_string(f"documents/pdf/{template}", context)
    return html, sha256_of(html.encode())


def html_pdf(html: str) -> bytes:
    """Print a stored text to PDF (WeasyPrint)."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def render_pdf(template: str, context: dict) -> tuple[bytes, str]:
    """Render `documents/pdf/<template>` to PDF bytes; returns (bytes, sha256 hex)."""
    html, _sha = render_html(template, context)
    data = html_pdf(html)
    return data, sha256_of(data)
