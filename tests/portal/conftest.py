"""Fixtures of the portal tests: a clean cache (rate limits live there), a category, an
article published through the services, a poll."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone
from PIL import Image

from tests.conftest import Cast
from thidua.portal import services
from thidua.portal.models import Article, Category, Poll


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def jpeg_bytes(
    width: int = 800, height: int = 500, color: tuple[int, int, int] = (30, 90, 160)
) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def category(db: None) -> Category:
    return Category.objects.create(name="Phong trào thi đua", slug="phong-trao-thi-dua")


def make_article(
    cast: Cast,
    category: Category,
    *,
    title: str = "Xã Ninh Thạnh Lợi A về đích nông thôn mới",
    publish: bool = True,
    unit: Any = None,
    body: str = "<p>Nội dung bài viết.</p>",
    **kwargs: Any,
) -> Article:
    article = services.article_create(
        actor=cast.office,
        unit=unit or cast.province,
        category=category,
        title=title,
        lead="Sau hai năm nỗ lực, xã đã đạt 19/19 tiêu chí.",
        body=body,
        byline="Minh An",
        **kwargs,
    )
    if publish:
        article = services.article_publish(
            actor=cast.office,
            article=article,
            published_at=timezone.now() - dt.timedelta(minutes=5),
        )
    return article


@pytest.fixture
def article(cast: Cast, category: Category) -> Article:
    return make_article(cast, category)


def make_poll(cast: Cast, **kwargs: Any) -> Poll:
    now = timezone.now()
    values: dict[str, Any] = {
        "actor": cast.office,
        "unit": cast.province,
        "question": "Công trình nào tiêu biểu nhất năm 2020?",
        "options": ["Đường Ninh Quới – Ninh Thạnh Lợi", "Cầu Cái Tràm", "Trường học mới"],
        "opens_at": now - dt.timedelta(days=1),
        "closes_at": now + dt.timedelta(days=7),
    }
    values.update(kwargs)
    return services.poll_create(**values)


@pytest.fixture
def poll(cast: Cast) -> Poll:
    return make_poll(cast)
