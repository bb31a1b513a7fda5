"""`thidua token create|list|revoke`: the output contract and its effects."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from tests.conftest import Cast
from thidua.api.models import ApiToken


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue().rstrip("\n").split("\n")


def test_create_prints_the_token_alone_on_the_last_line_and_it_works(cast: Cast) -> None:
    lines = run("create", "office", "--name", "Kho dữ liệu", "--expires-days", "30")
    assert len(lines) >= 2  # information first, then the token
    secret = lines[-1]
    assert secret.startswith("thd_") and " " not in secret
    assert all(secret not in line for line in lines[:-1])
    token = ApiToken.objects.get()
    assert token.user == cast.office and token.name == "Kho dữ liệu"
    assert token.expires_at is not None
    assert dt.timedelta(days=29) < token.expires_at - timezone.now() <= dt.timedelta(days=30)
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json()["username"] == "office"


def test_create_without_expiry(cast: Cast) -> None:
    secret = run("create", "viewer")[-1]
    token = ApiToken.objects.get()
    assert token.expires_at is None and token.name == "cli"
    assert token.prefix == secret[: len(token.prefix)]


def test_list_shows_prefixes_and_status_but_never_secrets(cast: Cast) -> None:
    first = run("create", "officer", "--name", "một")[-1]
    second = run("create", "officer", "--name", "hai")[-1]
    run("revoke", first[:12])
    lines = run("list", "officer")
    text = "\n".join(lines)
    assert first not in text and second not in text
    assert first[:12] in text and second[:12] in text
    by_prefix = {line.split()[0]: line.split()[1] for line in lines[1:]}
    assert by_prefix == {first[:12]: "revoked", second[:12]: "active"}
    assert run("list", "viewer") == ["viewer has no API tokens."]


def test_revoke_by_prefix_stops_the_token(cast: Cast) -> None:
    secret = run("create", "office")[-1]
    prefix = ApiToken.objects.get().prefix
    assert "Revoked" in run("revoke", prefix)[-1]
    assert ApiToken.objects.get().revoked_at is not None
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert "already revoked" in run("revoke", prefix)[-1]


@pytest.mark.parametrize(
    "args",
    [
        ("create", "nobody"),
        ("list", "nobody"),
        ("revoke", "thd_zzzzzzzz"),
        ("create", "office", "--expires-days", "0"),
    ],
)
def test_errors_are_reported(cast: Cast, args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError):
        run(*args)
    assert not ApiToken.objects.exists()


def test_the_thidua_program_knows_the_sub_commands(capsys: pytest.CaptureFixture[str]) -> None:
    from thidua.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["thidua", "token", "create", "--help"])
    assert exit_info.value.code == 0
    usage = capsys.readouterr().out
    assert "username" in usage and "--expires-days" in usage and "--name" in usage
