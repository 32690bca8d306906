import factory

from metis.accounts.enums import ROLE_ORGANISATION_FIELD, Role
from metis.accounts.models import User
from metis.accounts.services import membership_create

PASSWORD = "motdepasse-de-test"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            self.emailaddress_set.create(email=self.email, primary=True, verified=True)


def member(role, organisation, user=None):
    """A user holding `role` in `organisation` (created when not given)."""
    user = user or UserFactory()
    assert ROLE_ORGANISATION_FIELD[Role(role)] == organisation.membership_field
    membership_create(user=user, role=role, organisation=organisation)
    return user


def operator_staff_with_totp(operator, user=None):
    """Operator staff must have a second factor: give them a TOTP authenticator."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = member(Role.OPERATOR_STAFF, operator, user)
    TOTP.activate(user, generate_totp_secret())
    return user
