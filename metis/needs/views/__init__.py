"""Screens of the mission cycle, one module per audience (public, association, volunteer,
company, operator; common: what they share). Each view parses input, calls one service,
renders."""
