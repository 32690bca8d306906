from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is open: a person creates an account, then registers an organisation or accepts
    an invitation."""
