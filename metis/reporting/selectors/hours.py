"""Hours lists (the exports of every dashboard)."""

from metis.needs.enums import TimeEntryStatus


def hours_list(entries, *, with_value: bool) -> list[dict]:
    """Validated and declared time entries, one row each, for the exports. The € value of an
    entry is shown only to the employer's referents and the volunteer (ADR 0005)."""
    rows = (
        entries.filter(status__in=[TimeEntryStatus.VALIDATED, TimeEntryStatus.DECLARED])
        .values(
            "date",
            "hours",
            "status",
            "value",
            "participation__need__programme__name",
            "participation__need__association__name",
            "participation__company__name",
            "participation__need__title",
        )
        .order_by("date", "pk")
    )
    return [
        {
            "date": r["date"],
            "programme": r["participation__need__programme__name"],
            "association": r["participation__need__association__name"],
            "company": r["participation__company__name"],
            "need": r["participation__need__title"],
            "status": r["status"],
            "hours": r["hours"],
            **({"value": r["value"]} if with_value else {}),
        }
        for r in rows
    ]
