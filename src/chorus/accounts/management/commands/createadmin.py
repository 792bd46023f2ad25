"""`chorus manage createadmin USERNAME --email ADDRESS`: the first admin of a new install.

Made through the same service as the staff page, so the account is audited. The
password is asked for twice (or read from standard input with --password-stdin, for
scripts); the admin sets up two-factor sign-in at their first sign-in.
"""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.accounts.services import user_create


class Command(BaseCommand):
    help = "Make an admin account (the first one of a new install), asking for its password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", required=True, help="where password resets go")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"].strip()
        if not username:
            raise CommandError("Give a username.")
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"There is already an account called {username}.")
        candidate = User(username=username, email=options["email"], role=Role.ADMIN)
        password = self._password(options["password_stdin"])
        try:
            validate_password(password, candidate)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        with transaction.atomic():
            user = user_create(
                actor=None,
                username=username,
                role=Role.ADMIN,
                password=password,
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        self.stdout.write(
            f"Made the admin account {user.username}. At their first sign-in they set up "
            "two-factor sign-in and keep their recovery codes."
        )

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            return sys.stdin.readline().rstrip("\n")
        first = getpass.getpass("Password: ")
        if getpass.getpass("The same password again: ") != first:
            raise CommandError("The two passwords differ: nothing was made.")
        return first
