from decimal import Decimal

from metis.programmes.figures import cash_drop_share


def test_share_of_the_cash_drop_made_up_by_the_credit():
    figures = cash_drop_share(
        cash_previous=Decimal("10000"),
        cash_current=Decimal("6000"),
        hours=Decimal("30"),
        hourly_value=Decimal("45.50"),
    )
    assert figures.cash_drop == Decimal("4000.00")
    assert figures.credit_value == Decimal("1365.00")
    assert figures.share_percent == Decimal("34.1")  # 34.125 rounded half up to 0.1


def test_share_is_capped_and_absent_without_a_drop():
    capped = cash_drop_share(
        cash_previous=Decimal(100), cash_current=0, hours=10, hourly_value=Decimal(50)
    )
    assert capped.share_percent == Decimal(100)
    rise = cash_drop_share(
        cash_previous=Decimal(100), cash_current=Decimal(200), hours=10, hourly_value=Decimal(50)
    )
    assert rise.cash_drop == 0 and rise.share_percent is None
