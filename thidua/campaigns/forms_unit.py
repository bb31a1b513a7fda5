"""Forms of the unit side of campaigns: a registration's targets, key works and title pledges,
and progress reports with evidence files.

Forms only parse what the officer typed and name the field in their messages; every rule of
the domain (ranges, directions, key-work limits, who may pledge what) is checked by
``thidua.campaigns.services``, whose Vietnamese messages the views show as form errors.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.campaigns.models import (
    AwardCode,
    CriteriaSet,
    Direction,
    KeyWork,
    Milestone,
    Registration,
    Target,
    TargetKind,
)
from thidua.core.forms import XlsxFileField
from thidua.core.text import nfc
from thidua.org.forms import CodeInput, DateInput, ThiduaForm, date_field
from thidua.org.models import Person, Unit

EVIDENCE_ACCEPT = "image/*,application/pdf"


def decimal_field(
    label: Any, *, required: bool = False, help_text: Any = "", **kwargs: Any
) -> forms.DecimalField:
    field = forms.DecimalField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        **kwargs,
    )
    return field


class UnitForm(ThiduaForm):
    """Adds a message for numbers that do not parse, naming the field."""

    def name_error_messages(self) -> None:
        super().name_error_messages()
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                field.error_messages["invalid"] = _("“%(field)s” must be a number.") % {
                    "field": str(field.label or "")
                }
                # Django fills in %(limit_value)s afterwards: a "%" in the label is escaped.
                escaped = str(field.label or "").replace("%", "%%")
                field.error_messages["min_value"] = _(
                    "“%(field)s” must be at least %%(limit_value)s."
                ) % {"field": escaped}
                field.error_messages["max_value"] = _(
                    "“%(field)s” must be at most %%(limit_value)s."
                ) % {"field": escaped}


# -- registration ------------------------------------------------------------------------------


class TargetForm(UnitForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=TargetKind.choices,
        initial=TargetKind.VALUE,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=gettext_lazy("Target"), max_length=500)
    indicator = forms.CharField(label=gettext_lazy("Indicator"), max_length=255, required=False)
    measure = forms.CharField(
        label=gettext_lazy("Unit of measure"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("e.g. km, %, households, communes"),
    )
    baseline = decimal_field(
        gettext_lazy("Baseline"), help_text=gettext_lazy("The value when the campaign starts.")
    )
    target_value = decimal_field(gettext_lazy("Target value"), required=True)
    direction = forms.ChoiceField(
        label=gettext_lazy("Better when"),
        choices=Direction.choices,
        initial=Direction.MORE_IS_BETTER,
        required=False,
    )
    weight = decimal_field(gettext_lazy("Weight"), required=False, min_value=Decimal("0.01"))
    due_date = date_field(
        gettext_lazy("Due date"),
        required=False,
        help_text=gettext_lazy("Empty: the campaign's deadline."),
    )
    public = forms.BooleanField(label=gettext_lazy("Show on the public page"), required=False)
    criteria_set = forms.ModelChoiceField(
        label=gettext_lazy("Standard"),
        queryset=CriteriaSet.objects.none(),
        required=False,
        empty_label=gettext_lazy("— choose a standard —"),
        help_text=gettext_lazy("Only for a count of units meeting a standard."),
    )
    scope_unit = forms.ModelChoiceField(
        label=gettext_lazy("Count the units under"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("— choose a unit —"),
    )

    def __init__(self, *args: Any, registration: Registration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = registration.unit
        self.fields["criteria_set"].queryset = CriteriaSet.objects.order_by("code", "-valid_from")  # type: ignore[attr-defined]
        self.fields["scope_unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            pk__in=[unit.pk], active_to__isnull=True
        ) | Unit.objects.filter(parent_id=unit.pk, active_to__isnull=True)
        self.fields["scope_unit"].initial = unit.pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("direction"):
            data["direction"] = Direction.MORE_IS_BETTER
        if data.get("kind") == TargetKind.STANDARD_COUNT:
            if not data.get("criteria_set"):
                self.add_error(
                    "criteria_set",
                    _("Choose the standard whose units are counted."),
                )
            if not data.get("scope_unit"):
                self.add_error("scope_unit", _("Choose the unit whose units are counted."))
            data["direction"] = Direction.MORE_IS_BETTER
        else:
            data["criteria_set"] = None
            data["scope_unit"] = None
        for key in ("name", "indicator", "measure"):
            if key in data and isinstance(data[key], str):
                data[key] = nfc(data[key])
        if data.get("weight") is None:
            data["weight"] = Decimal(1)
        return data

    @classmethod
    def initial_from(cls, target: Target) -> dict[str, Any]:
        return {
            "kind": target.kind,
            "name": target.name,
            "indicator": target.indicator,
            "measure": target.measure,
            "baseline": target.baseline,
            "target_value": target.target_value,
            "direction": target.direction,
            "weight": target.weight,
            "due_date": target.due_date,
            "public": target.public,
            "criteria_set": target.criteria_set_id,
            "scope_unit": target.scope_unit_id,
        }


class KeyWorkForm(UnitForm):
    name = forms.CharField(label=gettext_lazy("Key work"), max_length=500)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    place = forms.CharField(label=gettext_lazy("Place"), max_length=255, required=False)
    cost = decimal_field(gettext_lazy("Cost (VND)"), min_value=0)
    people_money = decimal_field(gettext_lazy("People's contribution in money (VND)"), min_value=0)
    people_labour_days = decimal_field(
        gettext_lazy("People's contribution in labour (days)"), min_value=0
    )
    weight = decimal_field(gettext_lazy("Weight"), min_value=Decimal("0.01"))
    due_date = date_field(
        gettext_lazy("Due date"),
        required=False,
        help_text=gettext_lazy("Empty: the campaign's deadline."),
    )
    public = forms.BooleanField(label=gettext_lazy("Show on the public page"), required=False)
    milestones = forms.CharField(
        label=gettext_lazy("Milestones"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One per line, optionally followed by “; dd/mm/yyyy” for its date."),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            # Milestones of an existing work are added one by one on the registration page.
            del self.fields["milestones"]

    def clean_milestones(self) -> list[tuple[str, Any]]:
        from thidua.core.spreadsheet import CellError, cell_date

        result: list[tuple[str, Any]] = []
        text = self.cleaned_data.get("milestones") or ""
        for number, line in enumerate(text.splitlines(), start=1):
            line = nfc(line)
            if not line:
                continue
            name, _sep, when = line.partition(";")
            try:
                due = cell_date(when.strip()) if when.strip() else None
            except CellError:
                raise ValidationError(
                    _("Milestone line %(n)s: “%(date)s” is not a date (use dd/mm/yyyy).")
                    % {"n": number, "date": when.strip()}
                ) from None
            result.append((nfc(name), due))
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("weight") is None:
            data["weight"] = Decimal(1)
        return data

    @classmethod
    def initial_from(cls, work: KeyWork) -> dict[str, Any]:
        return {
            "name": work.name,
            "description": work.description,
            "place": work.place,
            "cost": work.cost,
            "people_money": work.people_money,
            "people_labour_days": work.people_labour_days,
            "weight": work.weight,
            "due_date": work.due_date,
            "public": work.public,
        }


class MilestoneForm(UnitForm):
    name = forms.CharField(label=gettext_lazy("Milestone"), max_length=255)
    due_date = date_field(gettext_lazy("Due date"), required=False)


PLEDGE_AWARDS = [
    AwardCode.LDTT,
    AwardCode.CSTDCS,
    AwardCode.CSTD_BT,
    AwardCode.CSTD_TQ,
    AwardCode.TTLDTT,
    AwardCode.TTLDXS,
    AwardCode.CO_BT,
    AwardCode.CO_CP,
    AwardCode.GK,
    AwardCode.BK_BT,
    AwardCode.BK_TTG,
    AwardCode.CSTT,
]


class PledgeForm(UnitForm):
    award_code = forms.ChoiceField(label=gettext_lazy("Title or award"), choices=())
    person = forms.CharField(
        label=gettext_lazy("Person (code)"),
        required=False,
        widget=CodeInput(kind="person"),
        help_text=gettext_lazy("Empty when the unit itself (the collective) registers."),
    )
    collective = forms.CharField(
        label=gettext_lazy("Collective (unit code)"),
        required=False,
        widget=CodeInput(kind="unit"),
        help_text=gettext_lazy("Empty for the registering unit itself."),
    )

    def __init__(self, *args: Any, registration: Registration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.registration = registration
        self.fields["award_code"].choices = [  # type: ignore[attr-defined]
            ("", _("— choose a title —")),
            *((a.value, f"{a.value} · {a.label}") for a in PLEDGE_AWARDS),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person_code = nfc(data.get("person") or "")
        collective_code = nfc(data.get("collective") or "")
        unit = self.registration.unit
        low, high = unit.path_bounds()
        data["person_obj"] = None
        data["collective_obj"] = None
        if person_code and collective_code:
            raise ValidationError(_("Give either a person or a collective, not both."))
        if person_code:
            person = (
                Person.objects.select_related("unit")
                .filter(code=person_code, unit__path__gte=low, unit__path__lt=high)
                .first()
            )
            if person is None:
                self.add_error(
                    "person",
                    _("No person with code %(code)s works in %(unit)s.")
                    % {"code": person_code, "unit": unit.name},
                )
            data["person_obj"] = person
        elif collective_code:
            collective = Unit.objects.filter(
                code=collective_code, path__gte=low, path__lt=high
            ).first()
            if collective is None:
                self.add_error(
                    "collective",
                    _("No unit with code %(code)s is part of %(unit)s.")
                    % {"code": collective_code, "unit": unit.name},
                )
            data["collective_obj"] = collective
        else:
            data["collective_obj"] = unit
        return data


# -- progress ----------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (photos and PDFs); checked by ``files.check_evidence``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ProgressForm(UnitForm):
    """A report on one target (a value) or one key work (a percentage and/or a milestone)."""

    value = decimal_field(gettext_lazy("Value reached"))
    percent = decimal_field(
        gettext_lazy("Percent done"), min_value=Decimal(0), max_value=Decimal(100)
    )
    milestone = forms.ChoiceField(label=gettext_lazy("Milestone reached"), required=False)
    as_of = forms.DateField(
        label=gettext_lazy("As of"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text=gettext_lazy("Empty: today."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = MultipleFileField(
        label=gettext_lazy("Take a photo"),
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    attachments = MultipleFileField(label=gettext_lazy("Attach photos or PDF files"))

    def __init__(
        self,
        *args: Any,
        target: Target | None = None,
        key_work: KeyWork | None = None,
        milestones: list[Milestone] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.target = target
        self.key_work = key_work
        self.milestone_map = {str(m.pk): m for m in milestones or []}
        if target is not None:
            del self.fields["percent"]
            del self.fields["milestone"]
            self.fields["value"].required = True
            self.fields["value"].error_messages["required"] = _(
                "Give the value reached for “%(name)s”."
            ) % {"name": target.name}
            if target.measure:
                self.fields["value"].label = _("Value reached (%(measure)s)") % {
                    "measure": target.measure
                }
        else:
            del self.fields["value"]
            self.fields["milestone"].choices = [  # type: ignore[attr-defined]
                ("", _("— none —")),
                *((str(m.pk), m.name) for m in milestones or []),
            ]
            if not milestones:
                del self.fields["milestone"]

    def clean_as_of(self) -> Any:
        as_of = self.cleaned_data.get("as_of")
        if as_of and as_of > timezone.localdate():
            raise ValidationError(_("The progress date is in the future."))
        return as_of

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.key_work is not None:
            data["milestone_obj"] = self.milestone_map.get(data.get("milestone") or "")
            if data.get("percent") is None and data["milestone_obj"] is None and not self.errors:
                raise ValidationError(
                    _("Give the percentage done or the milestone reached for “%(name)s”.")
                    % {"name": self.key_work.name}
                )
        data["uploads"] = [*data.get("photos", []), *data.get("attachments", [])]
        return data


class ProgressImportForm(forms.Form):
    file = XlsxFileField()
