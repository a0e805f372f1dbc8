"""`cahier curator add|remove|list [EMAIL]`: grant or withdraw the curator role."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cahier.contributions import accounts
from cahier.core import roles


class Command(BaseCommand):
    help = "Accorde (add), retire (remove) ou liste (list) le rôle de curateur."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["add", "remove", "list"])
        parser.add_argument(
            "email", nargs="?", help="adresse électronique (ou identifiant) du compte"
        )

    def handle(self, *args, action, email=None, **options):
        if action == "list":
            for user in accounts.curator_group().user_set.order_by("username"):
                self.stdout.write(user.email or user.username)
            return
        if not email:
            raise CommandError("Indiquez l’adresse électronique du compte.")
        User = get_user_model()
        user = (
            User.objects.filter(username=email.strip().lower()).first()
            or User.objects.filter(email__iexact=email.strip()).first()
            or User.objects.filter(username=email.strip()).first()
        )
        if user is None:
            raise CommandError(
                f"Aucun compte pour « {email} » : créez-le d’abord (inscription, invitation ou "
                "`cahier createsuperuser`)."
            )
        if action == "add":
            accounts.curator_grant(user=user)
            self.stdout.write(
                self.style.SUCCESS(f"{email} est curateur (groupe « {roles.CURATOR_GROUP} »).")
            )
        else:
            accounts.curator_revoke(user=user)
            self.stdout.write(self.style.SUCCESS(f"{email} n’est plus curateur."))
