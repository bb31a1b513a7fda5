"""Staff forms of the portal (articles, photos, editorial moves, moderation, polls)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.campaigns.models import Campaign
from thidua.org.models import Unit
from thidua.portal.models import Category, ResultsVisibility


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    unit = forms.ModelChoiceField(label=_("On behalf of unit"), queryset=Unit.objects.none())
    lead = forms.CharField(
        label=_("Lead (summary)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Body"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "data-editor": "1"}),
        help_text=_(
            "Paragraphs are separated by an empty line. Allowed markup: <h2>, <h3>, <strong>, "
            "<em>, <u>, lists, quotes, links and photos of this article; anything else is removed."
        ),
    )
    byline = forms.CharField(label=_("Byline"), max_length=200, required=False)
    campaigns = forms.ModelMultipleChoiceField(
        label=_("Campaigns"), queryset=Campaign.objects.none(), required=False
    )
    comments_open = forms.BooleanField(label=_("Comments open"), required=False, initial=True)

    def __init__(self, *args: Any, units: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.order_by("position", "name")  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["campaigns"].queryset = campaigns  # type: ignore[attr-defined]


class ImageForm(forms.Form):
    image = forms.FileField(label=_("Photo (JPEG, PNG or WebP, at most 8 MB)"))
    caption = forms.CharField(label=_("Caption"), max_length=500, required=False)
    credit = forms.CharField(label=_("Photo credit"), max_length=200, required=False)
    alt = forms.CharField(
        label=_("Text alternative (what the photo shows, for blind readers)"),
        max_length=300,
        required=False,
    )


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What should be changed"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PublishForm(forms.Form):
    published_at = forms.DateTimeField(
        label=_("Publication time (empty: now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class ModerateForm(forms.Form):
    status = forms.ChoiceField(choices=[("approved", ""), ("rejected", "")])
    note = forms.CharField(required=False, max_length=500)


class PollForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=400)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    options = forms.CharField(
        label=_("Answers, one per line"), widget=forms.Textarea(attrs={"rows": 5})
    )
    unit = forms.ModelChoiceField(label=_("On behalf of unit"), queryset=Unit.objects.none())
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.none(), required=False
    )
    multiple = forms.BooleanField(label=_("Several answers allowed"), required=False)
    max_choices = forms.IntegerField(
        label=_("At most this many answers (0 = no limit)"), min_value=0, initial=0, required=False
    )
    opens_at = forms.DateTimeField(
        label=_("Opens at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    login_required = forms.BooleanField(label=_("Only for signed-in accounts"), required=False)
    results = forms.ChoiceField(label=_("Results shown"), choices=ResultsVisibility.choices)

    def __init__(self, *args: Any, units: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        if not self.is_bound:
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial.setdefault("opens_at", now.strftime("%Y-%m-%dT%H:%M"))
            self.initial.setdefault(
                "closes_at", (now + dt.timedelta(days=14)).strftime("%Y-%m-%dT%H:%M")
            )
