"""Forms of the honor board's staff pages and of the public filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.campaigns.models import Campaign, CampaignState
from thidua.core.text import nfc
from thidua.honors.models import Sector, SubjectKind
from thidua.org.models import Unit


def campaign_choices() -> Any:
    return Campaign.objects.exclude(state=CampaignState.DRAFT).order_by("-start_date", "-id")


class ProfileForm(forms.Form):
    title = forms.CharField(label=_("Headline"), max_length=255)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences, shown on the board and when the page is shared."),
    )
    story = forms.CharField(
        label=_("Story"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Plain text: leave a blank line between paragraphs. Simple HTML (paragraphs, "
            "headings, lists, bold, links) is also accepted; anything else is removed."
        ),
    )
    sector = forms.ChoiceField(label=pgettext_lazy("sector", "Field"), choices=Sector.choices)
    campaign = forms.ModelChoiceField(
        label=_("Campaign it shone in"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaign_choices()  # type: ignore[attr-defined]


class NewProfileForm(ProfileForm):
    subject = forms.ChoiceField(
        label=_("Exemplary model of"), choices=SubjectKind.choices, widget=forms.RadioSelect
    )
    unit_code = forms.CharField(label=_("Unit code (collective)"), max_length=32, required=False)
    person_code = forms.CharField(
        label=_("Person code (individual)"), max_length=32, required=False
    )
    field_order = ("subject", "unit_code", "person_code")

    def __init__(self, *args: Any, units: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        self.people = people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        subject = data.get("subject")
        data["unit"] = data["person"] = None
        if subject == SubjectKind.COLLECTIVE:
            code = nfc(data.get("unit_code") or "")
            if not code:
                self.add_error("unit_code", _("Enter the code of the unit."))
            else:
                unit = self.units.filter(code=code).first()
                if unit is None:
                    self.add_error(
                        "unit_code",
                        _("No unit with code “%(code)s” in your scope.") % {"code": code},
                    )
                data["unit"] = unit
        elif subject == SubjectKind.INDIVIDUAL:
            code = nfc(data.get("person_code") or "")
            if not code:
                self.add_error("person_code", _("Enter the code of the person."))
            else:
                person = self.people.filter(code=code).select_related("unit").first()
                if person is None:
                    self.add_error(
                        "person_code",
                        _("No person with code “%(code)s” in your scope.") % {"code": code},
                    )
                data["person"] = person
        return data


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo (JPEG, PNG or WebP, at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=300)
    credit = forms.CharField(label=_("Photo credit"), max_length=160, required=False)


class ReplicationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    date = forms.DateField(
        label=_("Date taken up"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    action = forms.CharField(
        label=_("What the unit did"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    result = forms.CharField(
        label=_("Result or evidence (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("reject", _("Do not accept"))],
        widget=forms.RadioSelect,
        label=pgettext_lazy("replication", "Review"),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
