"""Screens of the local ecosystem (docs/ecosystem.md). Each view checks a named permission
(permissions.py), parses input, calls one service and renders."""
