"""Comments: pre-moderation, honeypot, rate limit, abuse reports, scoped moderation, and
script in a comment never executed (escaped on output)."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client

from tests.conftest import Cast
from thidua.portal import comments
from thidua.portal.models import Article, Comment, CommentStatus


def _post_url(article: Article) -> str:
    ct = ContentType.objects.get_for_model(Article)
    return f"/comments/{ct.pk}/{article.pk}/"


def test_a_comment_waits_for_moderation_then_shows(cast: Cast, article: Article) -> None:
    client = Client()
    response = client.post(
        _post_url(article),
        {
            "name": "Chị Lan",
            "email": "lan@example.com",
            "body": "Con đường đẹp quá!",
            "website": "",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#comments")
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING and comment.unit == cast.province
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Con đường đẹp quá!" not in page
    comments.moderate_comment(actor=cast.office, comment=comment, status=CommentStatus.APPROVED)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Con đường đẹp quá!" in page and "Chị Lan" in page
    assert "lan@example.com" not in page


def test_a_rejected_comment_never_shows(cast: Cast, article: Article) -> None:
    comment = comments.post_comment(article, name="A", body="Quảng cáo")
    assert comment is not None
    comments.moderate_comment(actor=cast.office, comment=comment, status=CommentStatus.REJECTED)
    assert "Quảng cáo" not in Client().get(article.get_absolute_url()).content.decode()


def test_script_in_a_comment_is_never_markup(cast: Cast, article: Article) -> None:
    comment = comments.post_comment(
        article, name="Lan <img src=x onerror=alert(1)>", body='Hay <script>alert("x")</script> lắm'
    )
    assert comment is not None
    comments.moderate_comment(actor=cast.office, comment=comment, status=CommentStatus.APPROVED)
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "onerror=alert" not in page.replace("&", "")
    assert "Hay" in page


def test_the_honeypot_stores_nothing(cast: Cast, article: Article) -> None:
    response = Client().post(
        _post_url(article), {"name": "Bot", "body": "spam", "website": "http://spam.example"}
    )
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_an_address_is_limited(cast: Cast, article: Article) -> None:
    for i in range(comments.COMMENT_LIMIT):
        comments.post_comment(article, name="A", body=f"ý kiến {i}", address="10.0.0.1")
    with pytest.raises(ValidationError) as error:
        comments.post_comment(article, name="A", body="thêm", address="10.0.0.1")
    assert error.value.code == "rate_limited"
    assert comments.post_comment(article, name="B", body="khác", address="10.0.0.2") is not None
    response = Client(REMOTE_ADDR="10.0.0.1").post(
        _post_url(article), {"name": "A", "body": "nữa", "website": ""}
    )
    assert response.status_code == 429 and "Quá nhiều ý kiến" in response.content.decode()


def test_the_demo_loader_is_not_limited(cast: Cast, article: Article) -> None:
    """The limit lives in the cache, which outlives a test's database: a loader that posts
    comments twice in one process (the demo) must not be refused as a visitor would be."""
    for i in range(comments.COMMENT_LIMIT + 2):
        stored = comments.post_comment(
            article, name="Demo", body=f"ý kiến {i}", address="demo", limited=False
        )
        assert stored is not None


def test_bad_input_is_named(cast: Cast, article: Article) -> None:
    response = Client().post(_post_url(article), {"name": "", "body": "", "email": "sai"})
    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_unpublished_targets_take_no_comment(cast: Cast, category: object) -> None:
    from tests.portal.conftest import make_article

    draft = make_article(cast, category, title="Bản nháp", publish=False)  # type: ignore[arg-type]
    assert Client().post(_post_url(draft), {"name": "A", "body": "x"}).status_code == 404
    with pytest.raises(ValidationError):
        comments.post_comment(draft, name="A", body="x")


def test_reports_send_an_approved_comment_back_to_the_queue(cast: Cast, article: Article) -> None:
    comment = comments.post_comment(article, name="A", body="Nội dung")
    assert comment is not None
    comment = comments.moderate_comment(
        actor=cast.office, comment=comment, status=CommentStatus.APPROVED
    )
    for i in range(comments.REPORTS_TO_REVIEW - 1):
        assert (
            Client(REMOTE_ADDR=f"10.0.1.{i}").post(f"/comments/report/{comment.pk}/").status_code
            == 302
        )
    # The same address counts once.
    Client(REMOTE_ADDR="10.0.1.0").post(f"/comments/report/{comment.pk}/")
    comment.refresh_from_db()
    assert (
        comment.status == CommentStatus.APPROVED
        and comment.reports == comments.REPORTS_TO_REVIEW - 1
    )
    Client(REMOTE_ADDR="10.0.2.9").post(f"/comments/report/{comment.pk}/")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_moderation_is_scoped(cast: Cast, article: Article) -> None:
    comment = comments.post_comment(article, name="A", body="x")
    assert comment is not None
    for user in (cast.outsider, cast.officer, cast.viewer):
        with pytest.raises(Http404):
            comments.moderate_comment(actor=user, comment=comment, status=CommentStatus.APPROVED)
    comments.moderate_comment(actor=cast.admin, comment=comment, status=CommentStatus.APPROVED)
