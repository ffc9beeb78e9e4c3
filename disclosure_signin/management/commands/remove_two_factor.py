from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from wagtail import log_actions

from disclosure_signin.two_factor import remove_two_factor


class Command(BaseCommand):
    """Turn two-step sign-in off for one person from the server, e.g. the only
    administrator who lost their phone; they then sign in with the password alone."""

    help = (
        "Remove a person's authenticator app so they sign in with the password alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        count = remove_two_factor(user)
        if count:
            log_actions.log(user, "disclosure_signin.two_factor_removed")
            self.stdout.write(
                self.style.SUCCESS(f"Two-step sign-in is off for {username}.")
            )
        else:
            self.stdout.write(f"{username} had no authenticator app; nothing changed.")
