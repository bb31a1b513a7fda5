"""The content security policy is on for every page, without 'unsafe-inline' scripts."""

from __future__ import annotations

from django.test import Client

from tests.conftest import Cast
from thidua.portal.models import Article


def test_every_page_sends_the_policy(cast: Cast, article: Article) -> None:
    for client, url in (
        (Client(), "/"),
        (Client(), article.get_absolute_url()),
        (cast.client_for(cast.office), "/"),
        (cast.client_for(cast.office), "/portal/articles/"),
    ):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_inline_styles_carry_the_request_nonce(cast: Cast) -> None:
    response = cast.client_for(cast.office).get("/campaigns/")  # has an inline <style>
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    nonce = policy.split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'<style nonce="{nonce}">'.encode() in response.content
