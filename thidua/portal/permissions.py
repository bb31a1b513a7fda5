"""Who may do what on the portal.

Editors are the emulation office and administrators: they write, publish and moderate within
their scope (their unit's subtree; administrators everywhere).  Contributors are unit
emulation officers: they write drafts for units in their scope and submit them for review;
they never publish nor moderate.  Everyone else (council, leader, viewer) has no staff page
(403).  An object outside the account's scope answers 404, as everywhere in thidua.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from thidua.org.models import Role, Unit
from thidua.org.permissions import scope_for
from thidua.portal.models import Article, ArticleState, Comment, Poll

EDITOR_ROLES = frozenset({Role.ADMIN, Role.OFFICE})
CONTRIBUTOR_ROLES = frozenset({Role.OFFICER})


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_editor(user: Any) -> bool:
    return _active(user) and (user.is_superuser or user.role in EDITOR_ROLES)


def is_contributor(user: Any) -> bool:
    return _active(user) and not is_editor(user) and user.role in CONTRIBUTOR_ROLES


def is_staff_writer(user: Any) -> bool:
    return is_editor(user) or is_contributor(user)


def require_writer(user: Any) -> None:
    if not is_staff_writer(user):
        raise PermissionDenied


def require_editor(user: Any) -> None:
    if not is_editor(user):
        raise PermissionDenied


def units_for_writing(user: Any) -> QuerySet[Unit]:
    scope = scope_for(user)
    if scope.everything:
        return Unit.objects.all()
    return Unit.objects.filter(scope.q("path"))


def articles_for(user: Any) -> QuerySet[Article]:
    """Articles an account may see on the staff side (scoped by the article's unit)."""
    if not is_staff_writer(user):
        return Article.objects.none()
    scope = scope_for(user)
    qs = Article.objects.all()
    return qs if scope.everything else qs.filter(scope.q("unit__path"))


def access_article(user: Any, pk: int) -> Article:
    require_writer(user)
    article = articles_for(user).select_related("category", "unit", "author").filter(pk=pk).first()
    if article is None:
        raise Http404
    return article


def can_edit(user: Any, article: Article) -> bool:
    if is_editor(user):
        return True
    return is_contributor(user) and article.state == ArticleState.DRAFT


def comments_for(user: Any) -> QuerySet[Comment]:
    """Comments an editor moderates: those of targets of units in scope, and those whose
    target names no unit."""
    if not is_editor(user):
        return Comment.objects.none()
    scope = scope_for(user)
    if scope.everything:
        return Comment.objects.all()
    return Comment.objects.filter(Q(unit__isnull=True) | scope.q("unit__path"))


def polls_for(user: Any) -> QuerySet[Poll]:
    if not is_editor(user):
        return Poll.objects.none()
    scope = scope_for(user)
    qs = Poll.objects.all()
    return qs if scope.everything else qs.filter(scope.q("unit__path"))


def access_poll(user: Any, pk: int) -> Poll:
    require_editor(user)
    poll = polls_for(user).filter(pk=pk).first()
    if poll is None:
        raise Http404
    return poll
