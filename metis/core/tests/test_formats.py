"""One formatter for figures people read: Django's localisation, grouped thousands, two
decimals rounded half up; documents in French whatever the screen's language."""

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from metis.core import formats


def test_french_and_english_amounts():
    with translation.override("fr"):
        assert formats.amount(Decimal("1234.5")) == "1\xa0234,50"
        assert formats.euros(Decimal("12000")) == "12\xa0000,00\xa0€"
        assert formats.amount(Decimal("0.125")) == "0,13"  # half up
        assert formats.amount(Decimal("-1234.5")) == "-1\xa0234,50"
        assert formats.percent(Decimal("0.6")) == "60\xa0%"
        assert formats.count(12345) == "12\xa0345"
    with translation.override("en"):
        assert formats.amount(Decimal("1234.5")) == "1,234.50"
        assert formats.french_amount(Decimal("1234.5")) == "1\xa0234,50"


def test_figure_filter_for_dashboard_cells():
    template = Template(
        "{% load figures %}{{ d|figure }}|{{ n|figure }}|{{ s|figure }}|{{ e|euros }}"
    )
    with translation.override("fr"):
        text = template.render(
            Context({"d": Decimal("7.5"), "n": 1200, "s": "Sceaux", "e": Decimal("3")})
        )
    assert text == "7,50|1\xa0200|Sceaux|3,00\xa0€"
