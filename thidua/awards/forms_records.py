"""Forms of the commendation records pages: registry filters, revocation, record entry.

Forms only parse and check shapes; the services decide (permissions, legal checks) and
their ``ValidationError`` messages are shown on the form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.awards.models import (
    DisciplineLevel,
    InitiativeKind,
    InitiativeLevel,
    Rating,
    Subject,
)
from thidua.awards.services import MAX_YEAR, MIN_YEAR

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _year_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=gettext_lazy("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR, **kwargs
    )


def _date_field(label: Any, *, required: bool) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DATE_INPUT, input_formats=DATE_FORMATS
    )


class RevocationForm(forms.Form):
    """Law art. 93: the ground and the revoking decision (number and date) are mandatory."""

    reason = forms.CharField(
        label=gettext_lazy("Legal ground for the revocation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    decision_number = forms.CharField(label=gettext_lazy("Revoking decision number"), max_length=40)
    decision_date = _date_field(gettext_lazy("Revoking decision date"), required=True)

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("The legal ground for the revocation is required."))
        return str(reason)

    def decision_reference(self) -> str:
        """The revoking decision as stored: "12/QĐ-UBND ngày 05/03/2021"."""
        day: dt.date = self.cleaned_data["decision_date"]
        return _("%(number)s of %(date)s") % {
            "number": self.cleaned_data["decision_number"].strip(),
            "date": f"{day:%d/%m/%Y}",
        }


class RatingForm(forms.Form):
    year = _year_field()
    rating = forms.ChoiceField(label=gettext_lazy("Rating"), choices=Rating.choices)
    source = forms.CharField(label=gettext_lazy("Source"), max_length=120, required=False)


class DisciplineForm(forms.Form):
    level = forms.ChoiceField(
        label=gettext_lazy("Discipline level"), choices=DisciplineLevel.choices
    )
    start = _date_field(gettext_lazy("From"), required=True)
    end = _date_field(gettext_lazy("To"), required=False)
    decision_number = forms.CharField(
        label=gettext_lazy("Decision number"), max_length=64, required=False
    )
    decision_date = _date_field(gettext_lazy("Decision date"), required=False)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=255, required=False)


class InitiativeForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Name of the initiative or project"), max_length=500)
    authors = forms.CharField(
        label=gettext_lazy("Authors (codes)"),
        max_length=2000,
        help_text=gettext_lazy(
            "Codes of the authors, separated by commas; only people you can see."
        ),
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Recognised level"), choices=InitiativeLevel.choices
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=InitiativeKind.choices,
        initial=InitiativeKind.INITIATIVE,
    )
    year = _year_field()
    decision_number = forms.CharField(
        label=gettext_lazy("Recognising decision number"), max_length=64, required=False
    )
    decision_date = _date_field(gettext_lazy("Recognising decision date"), required=False)

    def author_codes(self) -> list[str]:
        text = self.cleaned_data["authors"].replace(";", ",")
        codes = [c.strip() for c in text.split(",") if c.strip()]
        return list(dict.fromkeys(codes))


class HistoricalCommendationForm(forms.Form):
    award = forms.ChoiceField(label=gettext_lazy("Award"))
    year = _year_field()
    household_name = forms.CharField(
        label=gettext_lazy("Household"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Only for an award to a household of this unit."),
    )
    decision_number = forms.CharField(
        label=gettext_lazy("Decision number"), max_length=64, required=False
    )
    decision_date = _date_field(gettext_lazy("Decision date"), required=False)
    decision_authority = forms.CharField(
        label=gettext_lazy("Issuing body"), max_length=255, required=False
    )

    def __init__(self, *args: Any, awards: list[tuple[str, str]], collective: bool, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["award"].choices = awards  # type: ignore[attr-defined]
        if not collective:
            del self.fields["household_name"]

    def subject(self) -> str:
        if "household_name" in self.fields:
            if self.cleaned_data.get("household_name", "").strip():
                return str(Subject.HOUSEHOLD)
            return str(Subject.COLLECTIVE)
        return str(Subject.INDIVIDUAL)
