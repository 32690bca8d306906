"""Figures that agree: reserved hours never read negative on any month, and the share of the
cash drop made up is the one of ADR 0006 (value delivered ÷ drop, not capped), recomputed from
the ledger lines and the time entries' values."""

from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse

from metis.ledger.enums import AccountKind
from metis.ledger.models import PostingLine
from metis.needs.models import TimeEntry
from metis.organisations.models import Territory
from metis.programmes.models import MixedSubsidy
from metis.reporting.selectors import territory_dashboard


def test_reserved_hours_never_negative_month_by_month(data):
    territories = Territory.objects.filter(pk=data.programme.territory_id)
    figures = territory_dashboard(territories)
    assert figures["by_month"], "the cycle posts in at least one month"
    for row in figures["by_month"]:
        assert row["reserved"] >= 0, row
    reserved_lines = PostingLine.objects.filter(
        posting__programme=data.programme, account__kind=AccountKind.RESERVED_CREDIT
    ).aggregate(total=Sum("amount"))["total"]
    assert figures["by_month"][-1]["reserved"] == reserved_lines
    # Hours worked before the reservation are delivered on the reservation's date.
    reserved_on = (
        PostingLine.objects.filter(
            account__kind=AccountKind.RESERVED_CREDIT,
            account__reference_id=data.participation_active.pk,
            amount__gt=0,
        )
        .values_list("posting__occurred_on", flat=True)
        .get()
    )
    for entry in TimeEntry.objects.filter(status="validated").select_related("posting"):
        assert entry.posting.occurred_on == max(entry.date, reserved_on)


def test_share_of_the_drop_is_value_delivered_over_the_drop_everywhere(client, data):
    subsidy = MixedSubsidy.objects.get(association=data.association, programme=data.programme)
    MixedSubsidy.objects.filter(pk=subsidy.pk).update(
        cash_previous_period=Decimal("100"), cash_current_period=Decimal("50")
    )
    territories = Territory.objects.filter(pk=data.programme.territory_id)
    row = next(
        r
        for r in territory_dashboard(territories)["associations"]
        if r["association"] == data.association.name
    )
    value = TimeEntry.objects.filter(
        status="validated", participation__need__association=data.association
    ).aggregate(total=Sum("value"))["total"]
    expected = (value * 100 / Decimal("50")).quantize(Decimal("0.1"))
    assert row["drop_share_percent"] == expected
    assert expected > 100  # not capped: an association can be more than compensated
    # The programme page shows the planned share under its own name, and links to the figure.
    client.force_login(data.officer)
    page = client.get(reverse("programmes:detail", args=[data.programme.pk])).content.decode()
    assert "Part prévue de la baisse" in page
    assert "Part de la baisse compensée" not in page
    dashboard = client.get(reverse("reporting:dashboard")).content.decode()
    assert f"{expected}".replace(".", ",") in dashboard
