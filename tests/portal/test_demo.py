"""The portal demo: articles in three categories, photos, two polls, moderated comments;
idempotent (a second run changes nothing)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.test import Client

from thidua.core.models import AuditEvent
from thidua.org.demo.loader import load_demo
from thidua.portal import demo
from thidua.portal.models import Article, ArticleState, Comment, CommentStatus, Poll


@pytest.mark.django_db
def test_the_portal_demo_loads_once() -> None:
    load_demo(people=0, password="Demo-Thidua-2026!")
    out = StringIO()
    report = demo.run_from_command(out)
    assert report.created and report.articles == len(demo.STORIES)
    assert Article.published.count() == len(demo.STORIES) - 1
    assert Article.objects.filter(state=ArticleState.REVIEW).count() == 1
    assert Poll.objects.count() == 2
    assert Comment.objects.filter(status=CommentStatus.APPROVED).count() == 3
    assert Comment.objects.filter(status=CommentStatus.PENDING).count() == 2
    home = Client().get("/").content.decode()
    assert "Các công trình trọng điểm hoàn thành trước Quốc khánh 2/9" in home
    assert "srcset=" in home
    events = AuditEvent.objects.count()
    again = demo.run_from_command(StringIO())
    assert not again.created and AuditEvent.objects.count() == events
