"""Who sees which dashboard (django-rules). The dashboard follows the current membership's role;
a programme's public impact page needs no log-in."""

import rules

from metis.accounts.permissions import is_operator_staff

rules.add_perm("reporting.view_operator_dashboard", is_operator_staff)
