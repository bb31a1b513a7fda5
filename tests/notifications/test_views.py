"""The inbox, marking read (HTMX and plain posts), the header's unread count and the
e-mail preferences page: each account reaches only its own."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import Cast
from thidua.notifications import services
from thidua.notifications.models import EmailOptOut, Kind, Notification

pytestmark = pytest.mark.django_db

INBOX = "/notifications/"
PREFERENCES = "/account/notifications/"


def give(user: Any, n: int = 1, *, link: str = "/campaigns/mine/", subject: str = "") -> None:
    for i in range(n):
        services.notify(
            kind=Kind.REGISTRATION_DUE,
            users=[user],
            subject=subject or f"Nhắc đăng ký số {i}",
            text="Hạn đăng ký là 15/06/2020.",
            link=link,
        )


def test_the_inbox_lists_only_the_accounts_own_notifications(cast: Cast) -> None:
    give(cast.officer, subject="Của cán bộ huyện")
    give(cast.commune_officer, subject="Của cán bộ xã")
    page = cast.client_for(cast.officer).get(INBOX)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Của cán bộ huyện" in body and "Của cán bộ xã" not in body
    assert "Sắp hết hạn đăng ký thi đua" in body  # the kind, in Vietnamese


def test_anonymous_visitors_are_sent_to_the_login_page(cast: Cast) -> None:
    give(cast.officer)
    pk = Notification.objects.get().pk
    client = cast.client_for(None)
    for url in (INBOX, PREFERENCES, f"/notifications/{pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]
    response = client.post(f"/notifications/{pk}/read/")
    assert response.status_code == 302 and "/login" in response["Location"]
    assert Notification.objects.get().read_at is None


def test_another_accounts_notification_is_a_404(cast: Cast) -> None:
    give(cast.officer)
    pk = Notification.objects.get().pk
    for stranger in (cast.viewer, cast.office, cast.admin, cast.outsider):
        client = cast.client_for(stranger)
        assert client.post(f"/notifications/{pk}/read/").status_code == 404
        assert client.get(f"/notifications/{pk}/").status_code == 404
    assert Notification.objects.get().read_at is None


def test_mark_read_without_javascript_redirects_back(cast: Cast) -> None:
    give(cast.officer, 2)
    first = Notification.objects.order_by("pk").first()
    assert first is not None
    client = cast.client_for(cast.officer)
    response = client.post(f"/notifications/{first.pk}/read/", {"next": "/notifications/?page=1"})
    assert response.status_code == 302 and response["Location"] == "/notifications/?page=1"
    first.refresh_from_db()
    assert first.read_at is not None
    evil = client.post(f"/notifications/{first.pk}/read/", {"next": "https://evil.example/"})
    assert evil["Location"] == INBOX  # never off the site


def test_mark_read_with_htmx_swaps_the_item_and_the_header_count(cast: Cast) -> None:
    give(cast.officer, 3)
    first = Notification.objects.order_by("pk").first()
    assert first is not None
    response = cast.client_for(cast.officer).post(
        f"/notifications/{first.pk}/read/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="notification-{first.pk}"' in body
    assert 'id="notifications-unread" hx-swap-oob="true"' in body
    assert 'data-unread="2"' in body
    assert 'id="inbox-unread" hx-swap-oob="true">2 chưa đọc' in body  # the page's own count
    # …and the count on the phone's folded menu button.
    assert 'id="notifications-unread-toggle" class="nav-toggle-count" hx-swap-oob="true">' in body
    assert "2 thông báo chưa đọc" in body
    assert "<html" not in body  # a fragment, not a page


def test_mark_all_read(cast: Cast) -> None:
    give(cast.officer, 3)
    give(cast.viewer, 1)
    response = cast.client_for(cast.officer).post("/notifications/read-all/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=cast.officer, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=cast.viewer, read_at__isnull=True).count() == 1


def test_opening_a_notification_marks_it_read_and_follows_its_link(cast: Cast) -> None:
    give(cast.officer, link="/campaigns/mine/")
    give(cast.officer, link="https://evil.example/phish")
    own, foreign = Notification.objects.order_by("pk")
    client = cast.client_for(cast.officer)
    response = client.get(f"/notifications/{own.pk}/")
    assert response.status_code == 302 and response["Location"] == "/campaigns/mine/"
    own.refresh_from_db()
    assert own.read_at is not None
    assert client.get(f"/notifications/{foreign.pk}/")["Location"] == INBOX


def test_the_header_shows_the_unread_count_on_every_page(cast: Cast) -> None:
    give(cast.officer, 4)
    client = cast.client_for(cast.officer)
    home = client.get(reverse("org:home")).content.decode()
    assert 'href="/notifications/"' in home and 'data-unread="4"' in home
    # A phone folds the menu: its button carries the count, read aloud by screen readers.
    button = home[home.index('class="nav-toggle"') : home.index("</button>")]
    assert '<span class="count" aria-hidden="true">4</span>' in button
    assert "4 thông báo chưa đọc" in button
    client.post("/notifications/read-all/")
    home = client.get(reverse("org:home")).content.decode()
    assert 'href="/notifications/"' in home and "data-unread" not in home
    button = home[home.index('class="nav-toggle"') : home.index("</button>")]
    assert 'class="count"' not in button


def test_unread_only_filter(cast: Cast) -> None:
    give(cast.officer, subject="Đã đọc rồi")
    give(cast.officer, subject="Chưa đọc")
    services.mark_read(
        actor=cast.officer, notification=Notification.objects.get(subject="Đã đọc rồi")
    )
    body = cast.client_for(cast.officer).get(INBOX + "?unread=1").content.decode()
    assert "Chưa đọc" in body and "Đã đọc rồi" not in body


def test_the_inbox_costs_the_same_queries_for_5_or_60_notifications(cast: Cast) -> None:
    client = cast.client_for(cast.officer)

    def count(n: int) -> int:
        give(cast.officer, n)
        client.get(INBOX)  # warm the session and the caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(INBOX).status_code == 200
        return len(ctx.captured_queries)

    assert count(5) == count(55)


def test_preferences_default_to_every_email_and_save_the_accounts_own_choice(cast: Cast) -> None:
    client = cast.client_for(cast.officer)
    page = client.get(PREFERENCES)
    assert page.status_code == 200
    body = page.content.decode()
    for value in Kind.values:
        assert f'value="{value}"' in body
    assert set(page.context["form"]["kinds"].initial) == set(Kind.values)  # all on by default
    assert body.count(" checked") == len(Kind.values)
    wanted = [Kind.CAMPAIGN_LAUNCHED, Kind.DECISION_ISSUED]
    # A user field in the post changes nothing: the page only ever edits the asker.
    response = client.post(PREFERENCES, {"kinds": wanted, "user": cast.viewer.pk})
    assert response.status_code == 302
    off = set(EmailOptOut.objects.filter(user=cast.officer).values_list("kind", flat=True))
    assert off == set(Kind.values) - set(wanted)
    assert not EmailOptOut.objects.filter(user=cast.viewer).exists()
    form = client.get(PREFERENCES).context["form"]
    assert set(form["kinds"].initial) == set(wanted)  # the page shows what was saved


def test_preferences_reject_an_unknown_kind(cast: Cast) -> None:
    response = cast.client_for(cast.officer).post(PREFERENCES, {"kinds": ["spam"]})
    assert response.status_code == 200
    assert "spam" in response.content.decode()
    assert not EmailOptOut.objects.exists()


def test_the_account_page_links_to_the_email_settings(cast: Cast) -> None:
    body = cast.client_for(cast.viewer).get("/account/").content.decode()
    assert 'href="/account/notifications/"' in body
