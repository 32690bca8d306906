"""The identities a person logged in with through their company's provider
(accounts.personal_data): exported; deleted on erasure (they hold the provider's claims: e-mail,
names, groups)."""

from allauth.socialaccount.models import SocialAccount

from metis.accounts.personal_data import iso


def export(user) -> dict:
    accounts = SocialAccount.objects.filter(user=user).order_by("pk")
    return {
        "company_identities": [
            {
                "provider": account.provider,
                "identifier": account.uid,
                "claims": account.extra_data,
                "first_login": iso(account.date_joined),
                "last_login": iso(account.last_login),
            }
            for account in accounts
        ]
    }


def erase(user, former) -> None:
    SocialAccount.objects.filter(user=user).delete()
