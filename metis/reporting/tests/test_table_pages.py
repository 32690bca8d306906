"""Dashboard tables show 50 rows a page on screen; the links keep the other parameters; the
exports hold every row."""

from django.template.loader import render_to_string

from metis.reporting.tables import Table
from metis.reporting.views import _paginate


def _table(rows):
    return Table(
        "associations",
        "Associations",
        [("association", "Association"), ("hours", "h")],
        [{"association": f"Association {n:03}", "hours": n} for n in range(1, rows + 1)],
    )


def test_a_long_table_is_shown_a_page_at_a_time(rf):
    table = _table(120)
    _paginate(table, rf.get("/", {"programme": "3", "associations_page": "2", "format": "csv"}))
    assert [row[0] for row in table.page][:1] == ["Association 051"]
    assert len(table.page.object_list) == 50
    assert table.previous_url == "?programme=3&associations_page=1"
    assert table.next_url == "?programme=3&associations_page=3"
    html = render_to_string("reporting/_table.html", {"table": table, "query": ""})
    assert "Association 051" in html and "Association 050" not in html
    assert "2 / 3" in html
    assert len(table.as_sheet().rows) == 120  # the export: every row


def test_a_short_table_has_no_pages_and_a_bad_page_shows_the_last(rf):
    table = _table(3)
    _paginate(table, rf.get("/"))
    assert not table.page.has_other_pages() and table.next_url == ""
    html = render_to_string("reporting/_table.html", {"table": table, "query": ""})
    assert "pagination" not in html
    table = _table(60)
    _paginate(table, rf.get("/", {"associations_page": "99"}))
    assert table.page.number == 2
