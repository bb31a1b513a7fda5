"""The filters of every report (GET parameters) and the upload of a Word template."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.reports.forms_catalog import LEVEL_ORDER, Level, form_choices
from thidua.reports.selectors import Filters, access_root, default_year

MIN_YEAR, MAX_YEAR = 1945, 2100
MAX_SPAN = 30  # years in one report
YEAR_ERRORS = {
    "invalid": gettext_lazy("Write the year in four digits, e.g. 2020."),
    "min_value": gettext_lazy("The year must be between 1945 and 2100."),
    "max_value": gettext_lazy("The year must be between 1945 and 2100."),
}


class FilterForm(forms.Form):
    unit = forms.CharField(label=gettext_lazy("Unit code"), required=False, max_length=32)
    year_from = forms.IntegerField(
        label=gettext_lazy("From year"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages=YEAR_ERRORS,
    )
    year_to = forms.IntegerField(
        label=gettext_lazy("To year"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages=YEAR_ERRORS,
    )
    level = forms.ChoiceField(label=gettext_lazy("Award level"), required=False)
    form = forms.ChoiceField(label=gettext_lazy("Award or title"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        all_label = ("", _("All"))
        level_field: Any = self.fields["level"]
        level_field.choices = [all_label] + [
            (lv, Level(lv).label) for lv in LEVEL_ORDER if lv != Level.OTHER
        ]
        form_field: Any = self.fields["form"]
        form_field.choices = [all_label, *form_choices()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The start year (%(start)s) is after the end year (%(end)s).")
                % {"start": start, "end": end}
            )
        if start and end and end - start >= MAX_SPAN:
            raise forms.ValidationError(_("A report covers at most %(n)s years.") % {"n": MAX_SPAN})
        return data


def filters_from(user: Any, params: Any) -> tuple[Filters, FilterForm]:
    """Parse the GET parameters into ``Filters``.  A bad value is reported on the form and
    ignored (the report is still shown, for the default period); a unit the account may not
    see is a 404."""
    form = FilterForm(params or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    code = data.get("unit") or (params.get("unit") if not form.is_valid() else "")
    root = access_root(user, (code or "").strip() or None)
    start, end = data.get("year_from"), data.get("year_to")
    if not start and not end:
        start = end = default_year(user, root)
    start = start or end
    end = end or start
    return (
        Filters(
            year_from=int(start),  # type: ignore[arg-type]
            year_to=int(end),  # type: ignore[arg-type]
            root=root,
            level=data.get("level") or "",
            form=data.get("form") or "",
        ),
        form,
    )
