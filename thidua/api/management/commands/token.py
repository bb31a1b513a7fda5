"""Manage API tokens from the command line.

    thidua token create USERNAME [--name NAME] [--expires-days N]
    thidua token list USERNAME
    thidua token revoke PREFIX

``create`` prints the token ALONE on its LAST line, so that a script can take it with
``thidua token create alice | tail -n 1``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from thidua.api import services
from thidua.api.models import ApiToken


def _when(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


class Command(BaseCommand):
    help = "Create, list and revoke personal API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{create,list,revoke}")
        create = sub.add_parser("create", help="Create a token; the token is the last line.")
        create.add_argument("username")
        create.add_argument("--name", default="cli", help="What the token is for.")
        create.add_argument(
            "--expires-days", type=int, default=None, help="Days until the token expires."
        )
        listing = sub.add_parser("list", help="List an account's tokens.")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Revoke a token by its prefix (thd_XXXXXXXX).")
        revoke.add_argument("prefix")

    def _user(self, username: str) -> Any:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account with username {username!r}.")
        return user

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options)
        elif action == "list":
            self._list(options)
        else:
            self._revoke(options)

    def _create(self, options: dict[str, Any]) -> None:
        user = self._user(options["username"])
        days = options["expires_days"]
        if days is not None and days < 1:
            raise CommandError("--expires-days must be at least 1.")
        expires_at = timezone.now() + dt.timedelta(days=days) if days else None
        try:
            token, secret = services.token_create(
                actor=None, user=user, name=options["name"], expires_at=expires_at
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"Created token {token.prefix}… ({token.name}) for {user.get_username()}; "
            f"expires: {_when(token.expires_at)}."
        )
        self.stdout.write("It is shown only once; the token is the last line:")
        self.stdout.write(secret)

    def _list(self, options: dict[str, Any]) -> None:
        user = self._user(options["username"])
        tokens = ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
        if not tokens:
            self.stdout.write(f"{user.get_username()} has no API tokens.")
            return
        self.stdout.write(
            f"{'PREFIX':<14} {'STATUS':<8} {'CREATED':<16} {'LAST USED':<16} {'EXPIRES':<16} NAME"
        )
        for token in tokens:
            self.stdout.write(
                f"{token.prefix:<14} {token.status().value:<8} {_when(token.created_at):<16} "
                f"{_when(token.last_used_at):<16} {_when(token.expires_at):<16} {token.name}"
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        prefix = options["prefix"].rstrip("…").rstrip(".")
        token = ApiToken.objects.filter(prefix=prefix).select_related("user").first()
        if token is None:
            raise CommandError(f"No token with prefix {prefix!r}.")
        if token.revoked_at is not None:
            self.stdout.write(f"Token {token.prefix} was already revoked.")
            return
        services.token_revoke(actor=None, token=token)
        self.stdout.write(f"Revoked token {token.prefix} of {token.user.get_username()}.")
