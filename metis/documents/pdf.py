"""One PDF renderer for every document: a Django template under documents/pdf/ → WeasyPrint.

Legal documents are printed in French whatever the interface language (they are French legal
instruments: rules.md § 2 and § 5), so the PDF templates are written in French.
"""

from django.template.loader import render_to_string
from django.utils import translation

from .models import sha256_of


def render_pdf(template: str, context: dict) -> tuple[bytes, str]:
    """Render `documents/pdf/<template>` to PDF bytes; returns (bytes, sha256 hex)."""
    from weasyprint import HTML

    with translation.override("fr"):
        html = render_to_string(f"documents/pdf/{template}", context)
    data = HTML(string=html).write_pdf()
    return data, sha256_of(data)
