from __future__ import annotations

import getpass
import sys
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mainspring.org import actions
from mainspring.org.models import Role


class Command(BaseCommand):
    help = "Create a learning-leader login (the first administrator of Mainspring)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from standard input instead of prompting",
        )

    def handle(self, *_args: Any, **options: Any) -> None:
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        try:
            user = actions.create_user(
                actor=None,
                username=options["username"],
                role=Role.LEADER,
                password=password,
                email=options["email"],
            )
        except actions.Error as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Created the learning leader {user.username}.")
