"""The only way hours move: postings whose lines sum to zero (posting), on the programme's
accounts (accounts), named after the business events the platform records (events). The rest
of the platform imports from here."""

from .accounts import account_for, account_label
from .civic import (
    civic_credited,
    civic_done,
    civic_entitlement_credited,
    civic_released,
    civic_reserved,
)
from .civic_year import civic_year_closed, civic_year_opened
from .events import (
    allocation_voted,
    pledge_signed,
    programme_closed,
    reservation_made,
    reservation_released,
    subsidy_closed,
    time_validated,
)
from .posting import (
    ALREADY_REVERSED,
    FOREIGN_ACCOUNT,
    HOURS_NOT_POSITIVE,
    IDEMPOTENCY_CONFLICT,
    REVERSAL_OF_REVERSAL,
    TOO_FEW_LINES,
    UNBALANCED,
    InsufficientBalance,
    post,
    reverse,
)

__all__ = [
    "ALREADY_REVERSED",
    "FOREIGN_ACCOUNT",
    "HOURS_NOT_POSITIVE",
    "IDEMPOTENCY_CONFLICT",
    "REVERSAL_OF_REVERSAL",
    "TOO_FEW_LINES",
    "UNBALANCED",
    "InsufficientBalance",
    "account_for",
    "account_label",
    "allocation_voted",
    "civic_credited",
    "civic_done",
    "civic_entitlement_credited",
    "civic_released",
    "civic_reserved",
    "civic_year_closed",
    "civic_year_opened",
    "pledge_signed",
    "programme_closed",
    "post",
    "reservation_made",
    "reservation_released",
    "reverse",
    "subsidy_closed",
    "time_validated",
]
