"""Who sees cost prices: the company's referents, and each employee their own — nobody else."""

import rules

from metis.accounts.permissions import is_employee_of_company, is_referent_of_company

rules.add_perm("valuation.manage_cost_prices", is_referent_of_company)
rules.add_perm("valuation.view_own_cost_price", is_employee_of_company)
