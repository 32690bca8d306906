"""The public read API (no token): the needs catalogue, territories and programmes with their
impact figures, events, partners and the civic-day counter (docs/api.md, "Public read API").
One router per resource; every read reuses the site's selectors and QuerySet methods."""
