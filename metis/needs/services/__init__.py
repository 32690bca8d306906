"""Writes of the mission cycle, one module per sub-domain: needs, participations, time_entries,
extra_hours (common: what they share)."""
