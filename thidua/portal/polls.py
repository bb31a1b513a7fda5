"""Voting in opinion polls.

One vote per person without an account: after voting, the browser keeps a signed cookie
(``tdpoll<id>``, signed with the site's secret so it cannot be forged) and a vote carrying it
is refused; and each network address may vote at most ``VOTES_PER_ADDRESS`` times per poll
and hour (counted in Django's cache, shared by every server; generous, since a whole office
often shares one address).  Clearing cookies lets a determined person vote again within the
address limit: an opinion poll is a sounding, not an election.  A poll that requires login
keeps one ``PollBallot`` row per account (a unique constraint), which holds nobody's choice.

The counts are increased in the database (``votes = votes + 1``), so simultaneous votes are
never lost, on SQLite as on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.portal import ratelimit
from thidua.portal.models import Poll, PollBallot, PollOption, ResultsVisibility

COOKIE_SALT = "thidua.portal.poll"
VOTES_PER_ADDRESS = 50
ADDRESS_WINDOW = 3600


def cookie_name(poll: Poll) -> str:
    return f"tdpoll{poll.pk}"


def has_voted(poll: Poll, *, cookie_ok: bool, user: Any = None) -> bool:
    if poll.login_required and getattr(user, "is_authenticated", False):
        return PollBallot.objects.filter(poll=poll, user=user).exists()
    return cookie_ok


def results_visible(poll: Poll, *, voted: bool) -> bool:
    if poll.is_over():
        return True
    return poll.results == ResultsVisibility.AFTER_VOTE and voted


@dataclass(frozen=True)
class Share:
    option: PollOption
    percent: float


def shares(poll: Poll, options: Sequence[PollOption]) -> list[Share]:
    """Each answer with its share of the voters (several answers may sum above 100 %)."""
    total = poll.voters
    return [Share(o, round(100 * o.votes / total, 1) if total else 0.0) for o in options]


def vote(
    poll: Poll,
    *,
    option_ids: Sequence[int],
    user: Any = None,
    cookie_ok: bool = False,
    address: str = "",
) -> None:
    """Count one vote; ``ValidationError`` (codes ``closed``, ``login``, ``already``,
    ``choice``, ``rate_limited``) tells why not, in Vietnamese."""
    if not poll.is_open():
        raise ValidationError(_("This poll is not open for voting."), code="closed")
    authenticated = bool(getattr(user, "is_authenticated", False))
    if poll.login_required and not authenticated:
        raise ValidationError(_("Log in to vote in this poll."), code="login")
    if cookie_ok:
        raise ValidationError(_("You have already voted in this poll."), code="already")
    chosen = sorted({int(i) for i in option_ids})
    valid = set(poll.options.filter(pk__in=chosen).values_list("pk", flat=True))
    if not chosen or set(chosen) - valid:
        raise ValidationError(_("Choose an answer."), code="choice")
    if not poll.multiple and len(chosen) > 1:
        raise ValidationError(_("Choose only one answer."), code="choice")
    if poll.multiple and poll.max_choices and len(chosen) > poll.max_choices:
        raise ValidationError(
            _("Choose at most %(n)s answers.") % {"n": poll.max_choices}, code="choice"
        )
    if not ratelimit.hit(
        f"poll:{poll.pk}", address, limit=VOTES_PER_ADDRESS, window=ADDRESS_WINDOW
    ):
        raise ValidationError(
            _("Too many votes from your connection. Please try again later."),
            code="rate_limited",
        )
    try:
        with transaction.atomic():
            if poll.login_required:
                PollBallot.objects.create(poll=poll, user=user)
            PollOption.objects.filter(poll=poll, pk__in=chosen).update(votes=F("votes") + 1)
            Poll.objects.filter(pk=poll.pk).update(voters=F("voters") + 1)
    except IntegrityError:
        raise ValidationError(_("You have already voted in this poll."), code="already") from None


def cookie_max_age(poll: Poll) -> int:
    remaining = (poll.ends_at() - timezone.now()).total_seconds()
    return int(max(remaining, 0)) + 180 * 24 * 3600
