"""/account/tokens/: a user's own API tokens (list, create once-shown, revoke)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

from tests.conftest import Cast
from thidua.api import services
from thidua.api.models import ApiToken, hash_token
from thidua.core.audit import history

URL = "/account/tokens/"


def _csrf_client(cast: Cast, user: object) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _csrf(client: Client) -> str:
    page = client.get(URL).content.decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match
    return match.group(1)


def test_anonymous_is_sent_to_login(db: None) -> None:
    for method, url in [("get", URL), ("post", URL), ("post", f"{URL}1/revoke/")]:
        response = getattr(Client(), method)(url)
        assert response.status_code == 302
        assert response.url.startswith(resolve_url(settings.LOGIN_URL) + "?next=")


def test_url_names(db: None) -> None:
    from django.urls import reverse

    assert reverse("api:tokens") == URL
    assert reverse("api:token_revoke", args=[7]) == f"{URL}7/revoke/"


def test_create_shows_the_secret_once(cast: Cast) -> None:
    client = _csrf_client(cast, cast.officer)
    assert "Bạn chưa có mã truy cập API nào" in client.get(URL).content.decode()
    response = client.post(
        URL, {"name": "Bảng tính", "expires_days": "90", "csrfmiddlewaretoken": _csrf(client)}
    )
    assert response.status_code == 201
    html = response.content.decode()
    token = ApiToken.objects.get()
    secret = re.search(r'id="new-token" value="(thd_[^"]+)"', html)
    assert secret, html
    assert hash_token(secret.group(1)) == token.key_hash
    assert 'data-copy-target="new-token"' in html
    assert "chỉ hiện một lần" in html
    assert token.user == cast.officer and token.name == "Bảng tính" and token.expires_at
    assert [e.action for e in history(token)] == ["api_token.create"]
    assert history(token)[0].actor == cast.officer
    # Shown once: the list page afterwards has the prefix, never the secret.
    again = client.get(URL).content.decode()
    assert secret.group(1) not in again
    assert token.prefix in again
    # And the secret works.
    api = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret.group(1)}")
    assert api.json()["username"] == "officer"


def test_create_without_csrf_is_refused(cast: Cast) -> None:
    client = _csrf_client(cast, cast.officer)
    assert client.post(URL, {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    "data", [{"name": ""}, {"name": "x" * 101}, {"name": "a", "expires_days": "0"}]
)
def test_invalid_form_creates_nothing(cast: Cast, data: dict[str, str]) -> None:
    client = cast.client_for(cast.officer)
    response = client.post(URL, data)
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    assert "thd_" not in response.content.decode()


def test_the_list_shows_only_my_tokens(cast: Cast) -> None:
    mine, _ = services.token_create(actor=None, user=cast.officer, name="của tôi")
    theirs, _ = services.token_create(actor=None, user=cast.outsider, name="của người khác")
    html = cast.client_for(cast.officer).get(URL).content.decode()
    assert mine.prefix in html and "của tôi" in html
    assert theirs.prefix not in html and "của người khác" not in html


def test_revoke_my_token(cast: Cast) -> None:
    token, secret = services.token_create(actor=None, user=cast.officer, name="x")
    client = _csrf_client(cast, cast.officer)
    response = client.post(
        f"{URL}{token.pk}/revoke/", {"csrfmiddlewaretoken": _csrf(client)}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == URL
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Đã thu hồi" in response.content.decode()
    assert history(token)[0].action == "api_token.revoke"
    assert history(token)[0].actor == cast.officer
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_outsider_cannot_revoke_another_users_token(cast: Cast) -> None:
    token, secret = services.token_create(actor=None, user=cast.officer, name="x")
    for user in (cast.outsider, cast.office, cast.admin):
        response = cast.client_for(user).post(f"{URL}{token.pk}/revoke/")
        assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_revoke_needs_post_and_csrf(cast: Cast) -> None:
    token, _ = services.token_create(actor=None, user=cast.officer, name="x")
    assert cast.client_for(cast.officer).get(f"{URL}{token.pk}/revoke/").status_code == 405
    assert _csrf_client(cast, cast.officer).post(f"{URL}{token.pk}/revoke/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
