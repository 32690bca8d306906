"""The load test of METIS on the production stack: `make loadtest` (see docs/developing.md)."""
