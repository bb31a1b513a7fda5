"""Staff lists keep a constant number of queries; the remaining denied-access cases."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import Cast
from tests.portal.conftest import jpeg_bytes, make_article, make_poll
from thidua.portal import comments, services
from thidua.portal.models import Article, Category, CommentStatus

STAFF_URLS = ("/portal/articles/", "/portal/comments/", "/portal/polls/")


def _grow(cast: Cast, category: Category, n: int) -> None:
    for _i in range(n):
        k = Article.objects.count()
        a = make_article(cast, category, title=f"Bài {k}")
        comments.post_comment(a, name="A", body=f"ý kiến {k}", address=f"10.1.{k}.1")
        make_poll(cast, question=f"Hỏi {k}")


def test_staff_lists_keep_a_constant_number_of_queries(
    cast: Cast, category: Category, django_assert_max_num_queries: object
) -> None:
    _grow(cast, category, 2)
    client = cast.client_for(cast.office)
    counts = {}
    for url in STAFF_URLS:
        with CaptureQueriesContext(connection) as q:
            assert client.get(url).status_code == 200
        counts[url] = len(q)
    _grow(cast, category, 6)
    for url in STAFF_URLS:
        with django_assert_max_num_queries(counts[url]):  # type: ignore[operator]
            client.get(url)


def test_public_endpoints_refuse_what_is_not_public(cast: Cast, article: Article) -> None:
    client = Client()
    pending = comments.post_comment(article, name="A", body="chờ")
    assert pending is not None
    assert client.post(f"/comments/report/{pending.pk}/").status_code == 404
    assert client.get(f"/comments/report/{pending.pk}/").status_code == 405
    assert client.get("/news/photo/0123456789abcdef0123456789abcdef/640/").status_code == 404
    user_ct = ContentType.objects.get(app_label="org", model="user")
    # Objects that take no comment (an account) cannot be commented.
    assert (
        client.post(
            f"/comments/{user_ct.pk}/{cast.office.pk}/", {"name": "A", "body": "x"}
        ).status_code
        == 404
    )
    assert client.post("/comments/99999/1/", {"name": "A", "body": "x"}).status_code == 404


def test_photos_and_moderation_are_scoped(cast: Cast, article: Article) -> None:
    image = services.image_add(actor=cast.office, article=article, data=jpeg_bytes())
    outsider = cast.client_for(cast.outsider)
    assert outsider.post(f"/portal/photos/{image.pk}/remove/").status_code == 404
    assert outsider.post(f"/portal/articles/{article.pk}/photos/add/").status_code == 404
    comment = comments.post_comment(article, name="A", body="Ý kiến riêng của tỉnh Bạc Liêu")
    assert comment is not None
    from tests.factories import UserFactory
    from thidua.org.models import Role

    other_office = UserFactory.create(username="vp2", role=Role.OFFICE, unit=cast.other_province)
    other = cast.client_for(other_office)
    assert comment.body not in other.get("/portal/comments/").content.decode()
    assert (
        other.post(f"/portal/comments/{comment.pk}/moderate/", {"status": "approved"}).status_code
        == 404
    )
    assert (
        cast.client_for(cast.viewer)
        .post(f"/portal/comments/{comment.pk}/moderate/", {"status": "approved"})
        .status_code
        == 403
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    office = cast.client_for(cast.office)
    assert (
        office.post(f"/portal/comments/{comment.pk}/moderate/", {"status": "approved"}).status_code
        == 302
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED


def test_an_administrator_adds_a_category_in_the_admin(cast: Cast) -> None:
    from thidua.core.models import AuditEvent

    cast.admin.is_staff = True
    cast.admin.is_superuser = True
    cast.admin.save()
    client = cast.client_for(cast.admin)
    response = client.post(
        "/admin/portal/category/add/",
        {"name": "Khen thưởng", "slug": "khen-thuong", "description": "", "position": "3"},
    )
    assert response.status_code == 302
    assert Category.objects.filter(slug="khen-thuong").exists()
    assert AuditEvent.objects.filter(action="category.create").count() == 1
    assert client.get("/news/category/khen-thuong/").status_code == 200
