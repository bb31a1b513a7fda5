"""Portal API: published news and polls, results only when the public may see them, drafts
404, no e-mail addresses, in the OpenAPI schema."""

from __future__ import annotations

import datetime as dt
import json

from django.test import Client
from django.utils import timezone

from tests.conftest import Cast
from tests.portal.conftest import jpeg_bytes, make_article, make_poll
from thidua.portal import comments, polls, services
from thidua.portal.models import Article, Category, CommentStatus, ResultsVisibility


def test_news_list_and_detail(cast: Cast, category: Category) -> None:
    article = make_article(cast, category, title="Đường về Ninh Thạnh Lợi")
    services.image_add(actor=cast.office, article=article, data=jpeg_bytes(), caption="Ảnh")
    draft = make_article(cast, category, title="Nháp", publish=False)
    comment = comments.post_comment(article, name="Lan", email="lan@example.com", body="Hay")
    assert comment is not None
    comments.moderate_comment(actor=cast.office, comment=comment, status=CommentStatus.APPROVED)
    client = Client()
    page = client.get("/api/v1/portal/news").json()
    assert page["count"] == 1 and page["items"][0]["slug"] == article.slug
    assert page["items"][0]["cover"]["caption"] == "Ảnh"
    assert client.get("/api/v1/portal/news?q=duong ve").json()["count"] == 1
    assert client.get("/api/v1/portal/news?q=khong co").json()["count"] == 0
    detail = client.get(f"/api/v1/portal/news/{article.slug}")
    assert detail.status_code == 200
    body = detail.json()
    assert body["comments"] == [
        {"name": "Lan", "body": "Hay", "created_at": body["comments"][0]["created_at"]}
    ]
    assert "lan@example.com" not in detail.content.decode()
    assert client.get(f"/api/v1/portal/news/{draft.slug}").status_code == 404
    assert client.get("/api/v1/portal/news/khong-co").status_code == 404


def test_poll_results_only_when_visible(cast: Cast) -> None:
    poll = make_poll(cast, results=ResultsVisibility.AFTER_CLOSE)
    polls.vote(poll, option_ids=[poll.options.first().pk])  # type: ignore[union-attr]
    client = Client()
    listing = client.get("/api/v1/portal/polls").json()
    assert listing["items"][0]["question"] == poll.question
    assert len(listing["items"][0]["options"]) == 3
    assert client.get(f"/api/v1/portal/polls/{poll.pk}/results").status_code == 404
    services.poll_close(actor=cast.office, poll=poll)
    results = client.get(f"/api/v1/portal/polls/{poll.pk}/results").json()
    assert results["voters"] == 1 and results["closed"] is True
    assert sorted(r["votes"] for r in results["results"]) == [0, 0, 1]
    now = timezone.now()
    future = make_poll(
        cast,
        question="Sau",
        opens_at=now + dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=3),
    )
    assert client.get(f"/api/v1/portal/polls/{future.pk}").status_code == 404


def test_the_endpoints_are_in_the_schema(db: None) -> None:
    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    for path in (
        "/api/v1/portal/news",
        "/api/v1/portal/news/{slug}",
        "/api/v1/portal/polls",
        "/api/v1/portal/polls/{poll_id}/results",
    ):
        assert path in schema["paths"]


def test_news_list_queries_stay_constant(
    cast: Cast, category: Category, django_assert_max_num_queries: object
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(2):
        make_article(cast, category, title=f"Tin {i}")
    with CaptureQueriesContext(connection) as small:
        Client().get("/api/v1/portal/news")
    for i in range(2, 10):
        a = make_article(cast, category, title=f"Tin {i}")
        services.image_add(actor=cast.office, article=a, data=jpeg_bytes(300, 300))
    with django_assert_max_num_queries(len(small)):  # type: ignore[operator]
        Client().get("/api/v1/portal/news")
    assert Article.published.count() == 10
