"""What metis.valuation announces; receivers are connected in metis.workflow."""

from django.dispatch import Signal

cost_price_recorded = Signal()  # price (hours that awaited it are then valued)
