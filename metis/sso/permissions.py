"""Who configures a company's single sign-on: its referents."""

import rules

from metis.accounts.permissions import is_referent_of_company

rules.add_perm("sso.configure_company_sso", is_referent_of_company)
