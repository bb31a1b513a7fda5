"""News: editorial states, scoped staff pages (denied access), public pages, photos."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.conftest import Cast
from tests.portal.conftest import jpeg_bytes, make_article
from thidua.portal import services
from thidua.portal.models import Article, ArticleState, Category


def test_a_contributor_drafts_and_submits_an_editor_publishes(
    cast: Cast, category: Category
) -> None:
    client = cast.client_for(cast.commune_officer)
    response = client.post(
        "/portal/articles/new/",
        {
            "title": "Ninh Thạnh Lợi A làm đường",
            "category": category.pk,
            "unit": cast.commune.pk,
            "lead": "Người dân góp đất, góp công.",
            "body": "Đoạn một.\n\nĐoạn hai <script>alert(1)</script>",
            "byline": "Cán bộ xã",
            "comments_open": "on",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.state == ArticleState.DRAFT and article.unit == cast.commune
    assert article.body == "<p>Đoạn một.</p><p>Đoạn hai </p>"
    # Not public yet.
    assert Client().get(f"/news/{article.slug}/").status_code == 404
    # The contributor cannot publish.
    assert client.post(f"/portal/articles/{article.pk}/publish/").status_code == 403
    article.refresh_from_db()
    assert article.state == ArticleState.DRAFT
    client.post(f"/portal/articles/{article.pk}/submit/")
    article.refresh_from_db()
    assert article.state == ArticleState.REVIEW
    # Once in review the contributor can no longer change it.
    assert client.post(f"/portal/articles/{article.pk}/", {"title": "x"}).status_code == 403
    office = cast.client_for(cast.office)
    office.post(f"/portal/articles/{article.pk}/publish/")
    article.refresh_from_db()
    assert article.state == ArticleState.PUBLISHED and article.published_at is not None
    page = Client().get(f"/news/{article.slug}/")
    assert page.status_code == 200 and "Người dân góp đất" in page.content.decode()


def test_an_editor_sends_back_to_draft_with_a_note(cast: Cast, article: Article) -> None:
    with pytest.raises(ValidationError):
        services.article_return(actor=cast.office, article=article, note="")
    services.article_return(actor=cast.office, article=article, note="Thiếu ảnh minh họa")
    article.refresh_from_db()
    assert article.state == ArticleState.DRAFT and article.state_note == "Thiếu ảnh minh họa"
    assert Client().get(article.get_absolute_url()).status_code == 404
    with pytest.raises(PermissionDenied):
        services.article_publish(actor=cast.officer, article=article)


def test_staff_pages_deny_those_without_the_role(cast: Cast, article: Article) -> None:
    for user in (cast.viewer, cast.council, cast.leader):
        client = cast.client_for(user)
        assert client.get("/portal/articles/").status_code == 403
        assert client.get("/portal/articles/new/").status_code == 403
        assert client.get(f"/portal/articles/{article.pk}/").status_code == 403
        assert client.get("/portal/comments/").status_code == 403
        assert client.get("/portal/polls/").status_code == 403
    # Contributors do not moderate nor run polls.
    officer = cast.client_for(cast.officer)
    assert officer.get("/portal/comments/").status_code == 403
    assert officer.get("/portal/polls/new/").status_code == 403
    assert Client().get("/portal/articles/").status_code == 302  # to the login page


def test_outsiders_get_404_on_articles_of_other_units(cast: Cast, article: Article) -> None:
    outsider = cast.client_for(cast.outsider)
    assert outsider.get(f"/portal/articles/{article.pk}/").status_code == 404
    assert outsider.post(f"/portal/articles/{article.pk}/publish/").status_code == 404
    assert article.title not in outsider.get("/portal/articles/").content.decode()
    # A commune officer does not see the province's article either.
    assert (
        cast.client_for(cast.commune_officer).get(f"/portal/articles/{article.pk}/").status_code
        == 404
    )


def test_a_contributor_cannot_write_for_a_unit_outside_its_area(
    cast: Cast, category: Category
) -> None:
    with pytest.raises(ValidationError):
        services.article_create(
            actor=cast.commune_officer, unit=cast.province, category=category, title="Tin"
        )


def test_photos_are_checked_resized_and_served_lazily(cast: Cast, article: Article) -> None:
    client = cast.client_for(cast.office)
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes(1800, 1200), content_type="image/jpeg")
    response = client.post(
        f"/portal/articles/{article.pk}/photos/add/",
        {
            "image": upload,
            "caption": "Khánh thành tuyến đường",
            "credit": "Minh An",
            "alt": "Cắt băng",
        },
    )
    assert response.status_code == 302
    image = article.images.get()
    assert sorted(int(w) for w in image.sizes) == [320, 640, 1024, 1600]
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "srcset=" in page and "Khánh thành tuyến đường" in page and "Minh An" in page
    assert 'loading="lazy"' in page or 'loading="eager"' in page
    served = Client().get(image.url(640))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content)[:2] == b"\xff\xd8"  # type: ignore[attr-defined]
    bad = SimpleUploadedFile("x.jpg", b"<script>not an image</script>", content_type="image/jpeg")
    client.post(f"/portal/articles/{article.pk}/photos/add/", {"image": bad})
    assert article.images.count() == 1
    tiny = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (50, 50)).save(tiny, "PNG")
    with pytest.raises(ValidationError):
        services.image_add(actor=cast.office, article=article, data=tiny.getvalue())


def test_public_pages_list_and_link(cast: Cast, category: Category) -> None:
    first = make_article(cast, category, title="Tin thứ nhất")
    second = make_article(cast, category, title="Tin thứ hai")
    draft = make_article(cast, category, title="Bản nháp bí mật", publish=False)
    client = Client()
    home = client.get("/").content.decode()
    assert "Tin thứ nhất" in home and "Tin thứ hai" in home and "Bản nháp bí mật" not in home
    listing = client.get(f"/news/category/{category.slug}/").content.decode()
    assert first.title in listing and draft.title not in listing
    page = client.get(second.get_absolute_url()).content.decode()
    assert 'property="og:title"' in page and first.title in page  # related
    assert client.get("/news/category/khong-co/").status_code == 404


def _count(django_assert_max_num_queries: object, client: Client, url: str, n: int) -> None:
    with django_assert_max_num_queries(n):  # type: ignore[operator]
        assert client.get(url).status_code == 200


def test_list_pages_and_home_keep_a_constant_number_of_queries(
    cast: Cast, category: Category, django_assert_max_num_queries: object
) -> None:
    from tests.portal.conftest import make_poll

    def grow(n: int) -> None:
        for i in range(n):
            a = make_article(cast, category, title=f"Tin số {i} {Article.objects.count()}")
            services.image_add(actor=cast.office, article=a, data=jpeg_bytes(400, 300))
            make_poll(cast, question=f"Câu hỏi {Article.objects.count()}")

    grow(2)
    counts = []
    for url in ("/", "/news/", f"/news/category/{category.slug}/", "/polls/", "/public/campaigns/"):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as small:
            Client().get(url)
        counts.append((url, len(small)))
    grow(6)
    for url, n in counts:
        _count(django_assert_max_num_queries, Client(), url, n)


def test_an_editor_schedules_publication(cast: Cast, category: Category) -> None:
    article = make_article(cast, category, title="Tin hẹn giờ", publish=False)
    office = cast.client_for(cast.office)
    page = office.get(f"/portal/articles/{article.pk}/").content.decode()
    assert 'name="published_at"' in page
    office.post(f"/portal/articles/{article.pk}/publish/", {"published_at": "2099-01-01T08:00"})
    article.refresh_from_db()
    assert article.state == ArticleState.PUBLISHED and article.published_at is not None
    assert article.published_at.year == 2099
    assert Client().get(article.get_absolute_url()).status_code == 404  # not yet
    assert "Tin hẹn giờ" not in Client().get("/news/").content.decode()


def test_the_editor_form_saves_every_field(cast: Cast, category: Category) -> None:
    client = cast.client_for(cast.office)
    fields = {
        "title": "Bản nháp",
        "category": category.pk,
        "unit": cast.commune.pk,
        "lead": "Mở đầu.",
        "body": "Nội dung.",
        "byline": "Văn phòng",
    }
    assert client.post("/portal/articles/new/", fields).status_code == 302
    article = Article.objects.get()
    changed = {**fields, "title": "Đường mới", "lead": "Mở đầu khác.", "byline": "Phóng viên"}
    assert client.post(f"/portal/articles/{article.pk}/", changed).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.lead, article.byline) == (
        "Đường mới",
        "Mở đầu khác.",
        "Phóng viên",
    )
    assert article.unit == cast.commune and not article.comments_open
