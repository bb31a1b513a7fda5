"""Forms of the emulation office's side of campaigns.

Forms only parse and check what a clerk typed (messages name the field); every write goes
through ``thidua.campaigns.services``.  Units are typed as codes (HTMX suggestions from
``org_edit:lookup``) and resolved inside the user's scope, so a form never reaches a unit the
user does not see.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.campaigns.models import (
    Campaign,
    CampaignForm,
    CampaignState,
    ClusterKind,
    CompletionClass,
    Criterion,
    Movement,
    NotificationKind,
)
from thidua.campaigns.services import CAMPAIGN_FIELDS_AFTER_LAUNCH
from thidua.core.text import nfc
from thidua.org.forms import CodeInput, CodesField, ThiduaForm, date_field, resolve_unit
from thidua.org.models import Unit
from thidua.org.permissions import Scope

HUNDRED = Decimal(100)


def _percent_field(label: Any, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_value=100,
        max_digits=6,
        decimal_places=2,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class CampaignEditForm(ThiduaForm):
    """The launching form.  Once launched, only what the services allow stays editable."""

    form = forms.ChoiceField(
        label=gettext_lazy("Form of emulation"),
        choices=CampaignForm.choices,
        widget=forms.RadioSelect,
    )
    code = forms.CharField(
        label=gettext_lazy("Campaign code"),
        max_length=40,
        help_text=gettext_lazy("A short code used in lists and exports, e.g. BL-2020-DH."),
    )
    name = forms.CharField(label=gettext_lazy("Campaign name"), max_length=500)
    issuing_unit = forms.CharField(
        label=gettext_lazy("Issuing unit (code)"), max_length=32, widget=CodeInput(kind="unit")
    )
    document_number = forms.CharField(
        label=gettext_lazy("Launching document number"), max_length=64, required=False
    )
    document_date = date_field(gettext_lazy("Launching document date"), required=False)
    document_signer = forms.CharField(
        label=gettext_lazy("Signed by"), max_length=160, required=False
    )
    plan_file = forms.FileField(
        label=gettext_lazy("Plan file (PDF or Word)"),
        required=False,
        help_text=gettext_lazy("Up to 20 MB. Choosing a file replaces the current one."),
    )
    purpose = forms.CharField(
        label=gettext_lazy("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    requirements = forms.CharField(
        label=gettext_lazy("Requirements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contents = forms.CharField(
        label=gettext_lazy("Contents"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    occasions = forms.CharField(
        label=gettext_lazy("Occasions celebrated"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    start_date = date_field(gettext_lazy("Start date"), required=False)
    deadline = date_field(gettext_lazy("Deadline"), required=False)
    registration_deadline = date_field(gettext_lazy("Registration deadline"), required=False)
    min_key_works = forms.IntegerField(
        label=gettext_lazy("Minimum key works per unit"), min_value=0, max_value=50, initial=1
    )
    max_key_works = forms.IntegerField(
        label=gettext_lazy("Maximum key works per unit"), min_value=0, max_value=50, initial=2
    )
    movements = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Linked movements"),
        queryset=Movement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    threshold_htxs = _percent_field(
        gettext_lazy("Excellent completion from (%)"),
        gettext_lazy("Share of the weighted targets attained, e.g. 100."),
    )
    threshold_htt = _percent_field(gettext_lazy("Good completion from (%)"))
    threshold_ht = _percent_field(gettext_lazy("Completion from (%)"))

    def __init__(
        self, *args: Any, scope: Scope, instance: Campaign | None = None, **kwargs: Any
    ) -> None:
        self.scope = scope
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{
                    name: getattr(instance, name)
                    for name in (
                        "form",
                        "code",
                        "name",
                        "document_number",
                        "document_date",
                        "document_signer",
                        "purpose",
                        "requirements",
                        "contents",
                        "occasions",
                        "start_date",
                        "deadline",
                        "registration_deadline",
                        "min_key_works",
                        "max_key_works",
                    )
                },
                "issuing_unit": instance.issuing_unit.code,
                "movements": list(instance.movements.all()),
                "threshold_htxs": instance.threshold_htxs * HUNDRED,
                "threshold_htt": instance.threshold_htt * HUNDRED,
                "threshold_ht": instance.threshold_ht * HUNDRED,
            }
        kwargs.setdefault(
            "initial",
            {"threshold_htxs": 100, "threshold_htt": 90, "threshold_ht": 70},
        )
        super().__init__(*args, **kwargs)
        self.fields["movements"].queryset = Movement.objects.filter(active=True)  # type: ignore[attr-defined]
        for name in ("threshold_htxs", "threshold_htt", "threshold_ht"):
            self.fields[name].error_messages["invalid"] = _("“%(field)s” must be a number.") % {
                "field": self.label_of(name)
            }
        if instance is not None and instance.state != CampaignState.DRAFT:
            for name, field in self.fields.items():
                if name not in CAMPAIGN_FIELDS_AFTER_LAUNCH and name != "plan_file":
                    field.disabled = True
            if instance.state == CampaignState.CLOSED:
                for field in self.fields.values():
                    field.disabled = True

    def clean_code(self) -> str:
        return nfc(self.cleaned_data["code"])

    def clean_name(self) -> str:
        return nfc(self.cleaned_data["name"])

    def clean_issuing_unit(self) -> Unit:
        value = self.cleaned_data["issuing_unit"]
        if isinstance(value, Unit):  # disabled field: the initial value
            return value
        if self.instance is not None and value == self.instance.issuing_unit.code:
            return self.instance.issuing_unit
        return resolve_unit(self.scope, nfc(value), self.label_of("issuing_unit"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, mid, high = (data.get(k) for k in ("threshold_ht", "threshold_htt", "threshold_htxs"))
        if None not in (low, mid, high) and not (low <= mid <= high):  # type: ignore[operator]
            self.add_error(
                "threshold_htt",
                _("The thresholds must rise from completion to good to excellent completion."),
            )
        return data

    def changes(self) -> dict[str, Any]:
        """Keyword arguments for ``campaign_create``/``campaign_update`` (fractions, not %)."""
        data = dict(self.cleaned_data)
        data.pop("plan_file", None)
        for name in ("threshold_htxs", "threshold_htt", "threshold_ht"):
            if data.get(name) is not None:
                data[name] = data[name] / HUNDRED
        if self.instance is not None and self.instance.state != CampaignState.DRAFT:
            data = {k: v for k, v in data.items() if k in CAMPAIGN_FIELDS_AFTER_LAUNCH}
        return data


class ParticipantForm(ThiduaForm):
    unit = forms.CharField(
        label=gettext_lazy("Unit (code)"), max_length=32, widget=CodeInput(kind="unit")
    )
    include_subtree = forms.BooleanField(
        label=gettext_lazy("Include the whole subtree (every unit under it)"), required=False
    )
    levels = forms.IntegerField(
        label=gettext_lazy("Only this many levels below"),
        required=False,
        min_value=1,
        max_value=10,
        help_text=gettext_lazy("Leave empty for every level."),
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        self.scope = scope
        super().__init__(*args, **kwargs)

    def clean_unit(self) -> Unit:
        return resolve_unit(self.scope, nfc(self.cleaned_data["unit"]), self.label_of("unit"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("levels") and not data.get("include_subtree"):
            self.add_error(
                "levels", _("“Only this many levels below” needs “Include the whole subtree”.")
            )
        return data


class ReturnForm(ThiduaForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason for returning"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ReminderForm(ThiduaForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("Reminder"),
        choices=[
            (NotificationKind.REMIND_REGISTER.value, gettext_lazy("to register")),
            (NotificationKind.REMIND_REPORT.value, gettext_lazy("to report progress")),
        ],
    )
    text = forms.CharField(
        label=gettext_lazy("Message (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OverrideForm(ThiduaForm):
    final_class = forms.ChoiceField(label=gettext_lazy("Class"), choices=CompletionClass.choices)
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ClusterForm(ThiduaForm):
    name = forms.CharField(label=gettext_lazy("Name of the cluster or block"), max_length=255)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ClusterKind.choices)
    owner_unit = forms.CharField(
        label=gettext_lazy("Organised by (unit code)"),
        max_length=32,
        widget=CodeInput(kind="unit"),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=2000, max_value=2100
    )
    campaign = forms.ModelChoiceField(
        label=gettext_lazy("Campaign"), queryset=Campaign.objects.none(), required=False
    )
    members = CodesField(
        label=gettext_lazy("Member units (codes)"),
        help_text=gettext_lazy("Codes separated by commas or spaces."),
    )

    def __init__(self, *args: Any, scope: Scope, campaigns: Any, **kwargs: Any) -> None:
        self.scope = scope
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]

    def clean_owner_unit(self) -> Unit:
        return resolve_unit(
            self.scope, nfc(self.cleaned_data["owner_unit"]), self.label_of("owner_unit")
        )

    def clean_members(self) -> list[Unit]:
        label = self.label_of("members")
        codes = self.cleaned_data["members"]
        if not codes:
            raise ValidationError(_("“%(field)s” is required.") % {"field": label})
        return [resolve_unit(self.scope, code, label) for code in codes]


class ScoringCriterionForm(ThiduaForm):
    name = forms.CharField(label=gettext_lazy("Criterion"), max_length=255)
    max_points = forms.DecimalField(
        label=gettext_lazy("Maximum points"), min_value=Decimal("0.01"), max_digits=8
    )


class AssessmentForm(ThiduaForm):
    criterion = forms.ModelChoiceField(
        label=gettext_lazy("Criterion"), queryset=Criterion.objects.none()
    )
    met = forms.TypedChoiceField(
        label=gettext_lazy("Result"),
        choices=[("1", gettext_lazy("Met")), ("0", gettext_lazy("Not met"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    assessed_on = date_field(gettext_lazy("Assessed on"))
    evidence = forms.FileField(
        label=gettext_lazy("Evidence (photo or PDF)"),
        required=False,
        help_text=gettext_lazy("JPEG, PNG or WebP up to 10 MB; PDF up to 20 MB."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, criteria: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["criterion"]
        field.queryset = criteria  # type: ignore[attr-defined]
        field.label_from_instance = lambda c: f"{c.number}. {c.name}"  # type: ignore[attr-defined]
