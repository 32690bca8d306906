"""Register (or update) METIS's application and one person with a password and groups."""

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from oauth2_provider.models import Application


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--secret", required=True)
        parser.add_argument("--redirect-uri", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--groups", default="", help="comma separated")

    def handle(self, *args, **options):
        Application.objects.update_or_create(
            client_id=options["client_id"],
            defaults={
                "name": "METIS",
                "client_type": Application.CLIENT_CONFIDENTIAL,
                "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
                "redirect_uris": options["redirect_uri"],
                "client_secret": options["secret"],
                "skip_authorization": True,
                "algorithm": Application.RS256_ALGORITHM,
            },
        )
        user, _created = User.objects.get_or_create(
            username=options["email"], defaults={"email": options["email"]}
        )
        user.email = options["email"]
        user.first_name, user.last_name = "Alice", "Martin"
        user.set_password(options["password"])
        user.save()
        names = [g for g in options["groups"].split(",") if g]
        user.groups.set([Group.objects.get_or_create(name=name)[0] for name in names])
