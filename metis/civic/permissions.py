"""Who may read the civic-day statements and exports (django-rules): a person their own
statement, a company's referent that company's export, operator staff the national export."""

import rules

from metis.accounts.permissions import is_operator_staff, is_referent_of_company

# A person's own statement: the account follows the person, with or without a current employer.
rules.add_perm("civic.statement", rules.is_authenticated)
rules.add_perm("civic.employer_export", is_referent_of_company)
rules.add_perm("civic.operator_export", is_operator_staff)
