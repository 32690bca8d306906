"""One formatter for figures people read: Django's localisation, grouped thousands, two
decimals rounded half up; documents in French whatever the screen's language."""

from datetime import date
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation
from django.utils.formats import number_format
from hypothesis import given
from hypothesis import strategies as st

from metis.core import formats
from metis.core.hours import quantize


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


def test_figure_rows_write_what_the_template_loop_writes():
    """`{% figure_rows %}` (the dashboards' tables) is that loop written in Python."""
    rows = [
        [Decimal("1234.5"), 3, None, "Les <Amis> & Cie", date(2026, 12, 7), True],
        [Decimal("-0.004"), 0, "", None, Decimal("12"), False],
    ]
    loop = Template(
        "{% load figures %}{% for row in rows %}<tr>{% for cell in row %}<td>{% if cell is None %}"
        "—{% else %}{{ cell|figure }}{% endif %}</td>{% endfor %}</tr>{% endfor %}"
    )
    tag = Template("{% load figures %}{% figure_rows rows %}")
    for language in ("fr", "en"):
        with translation.override(language):
            expected = loop.render(Context({"rows": rows}))
            assert tag.render(Context({"rows": rows})) == expected
    assert "<td>Les &lt;Amis&gt; &amp; Cie</td>" in expected
    assert "<td>—</td>" in expected


@given(
    value=st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False),
    whole=st.integers(min_value=-(10**12), max_value=10**12),
    language=st.sampled_from(["fr", "en"]),
)
def test_amounts_and_counts_are_djangos_localisation(value, whole, language):
    """Figures are written by the string formatter, character for character what Django's
    `number_format` prints in the language (tested here against it)."""
    with translation.override(language):
        expected = number_format(quantize(value), decimal_pos=2, force_grouping=True)
        assert formats.amount(value) == expected
        assert formats.count(whole) == number_format(whole, force_grouping=True)
