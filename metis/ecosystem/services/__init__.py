"""Writes of the local ecosystem (docs/ecosystem.md): one keyword-only function per step, each
in one transaction, leaving a simple-history record."""
