"""Who sees cost prices: the company's referents, and each employee their own — nobody else."""

import rules

from metis.accounts.permissions import is_referent_of_company

rules.add_perm("valuation.manage_cost_prices", is_referent_of_company)
#: Carry-forwards from before METIS are entered by the company's referents (docs/rules.md § 4.3).
rules.add_perm("valuation.manage_carried_in", is_referent_of_company)
