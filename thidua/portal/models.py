"""The public portal: news (categories, articles, images), opinion polls and comments.

Articles belong to a unit (the one that wrote them), which scopes who may edit them; their
body is sanitized HTML (``thidua.core.html.clean_html``) written by the services, and a
folded search column (``search_folded``) keeps title, lead and body text without diacritics
so that search is one ``LIKE`` query.

Comments attach to any model through a generic relation (content type + object id): news
articles here, honor-board profiles in ``thidua.honors``.  A model that takes comments has
``get_absolute_url()`` and ``accepts_public_comments()``; it may also have ``comment_unit()``
(the unit whose editors moderate its comments; without it, every editor may).

Poll votes are counted in ``PollOption.votes`` with ``UPDATE … SET votes = votes + 1`` so
concurrent votes are never lost; anonymous voters are remembered by a signed cookie only (no
address or identity is stored), logged-in voters of login-only polls by a ``PollBallot`` row.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("address (slug)"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:category", args=[self.slug])


class ArticleState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class PublishedArticles(models.Manager["Article"]):
    def get_queryset(self) -> models.QuerySet[Article]:
        return (
            super()
            .get_queryset()
            .filter(state=ArticleState.PUBLISHED, published_at__lte=timezone.now())
        )


class Article(models.Model):
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("address (slug)"), max_length=220, unique=True)
    lead = models.TextField(_("lead"), blank=True)
    # Sanitized HTML (thidua.core.html.clean_html), written only by the services.
    body = models.TextField(_("body"), blank=True)
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="portal_articles",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_articles",
    )
    campaigns = models.ManyToManyField(
        "campaigns.Campaign",
        verbose_name=_("campaigns"),
        blank=True,
        related_name="portal_articles",
    )
    units = models.ManyToManyField(
        "org.Unit", verbose_name=_("units mentioned"), blank=True, related_name="portal_mentions"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=ArticleState.choices, default=ArticleState.DRAFT
    )
    state_note = models.TextField(_("editor's note"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    comments_open = models.BooleanField(_("comments open"), default=True)
    search_folded = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = models.Manager()
    published = PublishedArticles()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["state", "-published_at"], name="portal_art_state_pub")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:article", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return (
            self.state == ArticleState.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def accepts_public_comments(self) -> bool:
        return self.is_public and self.comments_open

    def comment_unit(self) -> Any:
        return self.unit


class ArticleImage(models.Model):
    """A photo of an article (the first by position is the cover) with its resized copies:
    ``sizes`` maps a width in pixels to the stored file name of that copy (JPEG or PNG)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="images"
    )
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(_("image"), upload_to="portal/", max_length=255)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    sizes = models.JSONField(default=dict)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("photo credit"), max_length=200, blank=True)
    alt = models.CharField(_("text alternative"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("article image")
        verbose_name_plural = _("article images")

    def __str__(self) -> str:
        return self.caption or self.file.name or ""

    def url(self, width: int | None = None) -> str:
        widths = sorted(int(w) for w in self.sizes)
        if not widths:
            return ""
        chosen = (
            widths[-1] if width is None else next((w for w in widths if w >= width), widths[-1])
        )
        return reverse("portal:image", args=[self.token, chosen])

    def srcset(self) -> str:
        return ", ".join(
            f"{reverse('portal:image', args=[self.token, w])} {w}w"
            for w in sorted(int(w) for w in self.sizes)
        )

    def display_height(self, width: int) -> int:
        return round(self.height * width / self.width) if self.width else 0


# -- comments -------------------------------------------------------------------------------


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Comment(models.Model):
    """A comment from the public on any object (generic target).  Personal data kept to the
    minimum: a name (shown) and an optional e-mail address (never shown, never in the API);
    no network address is stored."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # The unit whose editors moderate it (the target's comment_unit()), null = any editor.
    unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"), blank=True)
    body = models.TextField(_("comment"))
    status = models.CharField(
        _("status"), max_length=16, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    reports = models.PositiveIntegerField(_("abuse reports"), default=0)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.CharField(_("moderation note"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "status"], name="portal_comment_target"
            ),
            models.Index(fields=["status", "created_at"], name="portal_comment_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:40]}"


# -- polls ----------------------------------------------------------------------------------


class ResultsVisibility(models.TextChoices):
    AFTER_VOTE = "after_vote", _("After voting")
    AFTER_CLOSE = "after_close", _("After the poll closes")


class Poll(models.Model):
    question = models.CharField(_("question"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="portal_polls"
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="portal_polls",
    )
    multiple = models.BooleanField(_("several answers allowed"), default=False)
    max_choices = models.PositiveSmallIntegerField(_("at most this many answers"), default=0)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    closed_at = models.DateTimeField(_("closed early at"), null=True, blank=True)
    login_required = models.BooleanField(_("only for signed-in accounts"), default=False)
    results = models.CharField(
        _("results shown"),
        max_length=16,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.AFTER_VOTE,
    )
    voters = models.PositiveIntegerField(_("voters"), default=0)
    search_folded = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("portal:poll", args=[self.pk])

    def ends_at(self) -> Any:
        return min(self.closes_at, self.closed_at) if self.closed_at else self.closes_at

    def is_open(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.ends_at()

    def is_visible(self, now: Any = None) -> bool:
        return self.opens_at <= (now or timezone.now())

    def is_over(self, now: Any = None) -> bool:
        return (now or timezone.now()) >= self.ends_at()


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("answer"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    votes = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("poll answer")
        verbose_name_plural = _("poll answers")

    def __str__(self) -> str:
        return self.label


class PollBallot(models.Model):
    """That an account has voted in a login-only poll (not what it chose)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "user"], name="portal_one_ballot_per_account")
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}/{self.user_id}"
