"""Writes of the documents app: agreements (agreements, amendments, acceptances, activation)
and receipts (receipts, batches); common: what they share."""
