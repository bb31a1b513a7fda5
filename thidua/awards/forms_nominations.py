"""Forms of the nominations pages: filters of the list, the new nomination with its dossier
files, returning as incomplete, declining and attaching a file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import Award, DossierKind, NominationSource, NominationState

MAX_FILE_MB = 10
ALLOWED = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}

# Law art. 85: when the simplified procedure may be used.
SIMPLIFIED_GROUNDS = [
    ("political_task", _("Completing a political task")),
    ("ad_hoc", _("Outstanding ad hoc achievement")),
    ("head_found", _("Achievement found by the head of the unit")),
    ("career", _("Career commendation")),
    ("foreign", _("Award for foreigners")),
    ("secret", _("Secret matters")),
]
GROUND_LABELS = dict(SIMPLIFIED_GROUNDS)


def check_upload(upload: Any, label: str) -> Any:
    """Refuse files other than PDF, Word (.docx) and JPEG/PNG images, by name and content,
    and files over the size limit."""
    if upload is None:
        return None
    name = str(upload.name)
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext not in ALLOWED:
        raise ValidationError(
            _("%(field)s: “%(name)s” is not a PDF, Word (.docx) or image (JPEG, PNG) file.")
            % {"field": label, "name": name}
        )
    if upload.size > MAX_FILE_MB * 1024 * 1024:
        raise ValidationError(
            _("%(field)s: “%(name)s” is larger than %(mb)s MB.")
            % {"field": label, "name": name, "mb": MAX_FILE_MB}
        )
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED[ext]):
        raise ValidationError(
            _("%(field)s: the content of “%(name)s” does not match its type.")
            % {"field": label, "name": name}
        )
    return upload


class FilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All")), *NominationState.choices]
    )
    award = forms.CharField(label=_("Award"), required=False, max_length=16)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1945, max_value=2100)
    unit = forms.CharField(label=_("Proposing unit"), required=False, max_length=32)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class NominationForm(forms.Form):
    award = forms.ChoiceField(label=_("Award"))
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100)
    household_name = forms.CharField(label=_("Household"), required=False, max_length=255)
    achievements = forms.CharField(
        label=_("Summary of achievements"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text=_("Drafted from the records; edit it before submitting."),
    )
    simplified = forms.BooleanField(label=_("Simplified procedure (Law art. 85)"), required=False)
    simplified_ground = forms.ChoiceField(
        label=_("Ground for the simplified procedure"),
        required=False,
        choices=[("", "—"), *SIMPLIFIED_GROUNDS],
    )
    submission = forms.FileField(label=_("Submission (tờ trình)"), required=False)
    report = forms.FileField(label=_("Achievement report"), required=False)
    minutes = forms.FileField(label=_("Evaluation minutes"), required=False)

    def __init__(self, *args: Any, awards: list[Award], household: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        award_field = self.fields["award"]
        assert isinstance(award_field, forms.ChoiceField)
        award_field.choices = [(a.code, f"{a.name_vi} ({a.code})") for a in awards]
        if not household:
            del self.fields["household_name"]

    def clean_household_name(self) -> str:
        name = str(self.cleaned_data.get("household_name") or "").strip()
        if not name:
            raise ValidationError(_("Give the name of the household."))
        return name

    def clean_submission(self) -> Any:
        return check_upload(self.cleaned_data.get("submission"), str(_("Submission (tờ trình)")))

    def clean_report(self) -> Any:
        return check_upload(self.cleaned_data.get("report"), str(_("Achievement report")))

    def clean_minutes(self) -> Any:
        return check_upload(self.cleaned_data.get("minutes"), str(_("Evaluation minutes")))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("simplified") and not data.get("simplified_ground"):
            self.add_error(
                "simplified_ground",
                _("Choose the ground of Law art. 85 for the simplified procedure."),
            )
        if not data.get("simplified"):
            data["simplified_ground"] = ""
        return data

    def files_by_kind(self) -> list[tuple[str, Any]]:
        kinds = (
            ("submission", DossierKind.SUBMISSION),
            ("report", DossierKind.REPORT),
            ("minutes", DossierKind.MINUTES),
        )
        return [(kind, self.cleaned_data[f]) for f, kind in kinds if self.cleaned_data.get(f)]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise ValidationError(_("Say why the nomination is returned."))
        return reason


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AttachForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=DossierKind.choices)
    file = forms.FileField(label=_("File"))

    def clean_file(self) -> Any:
        return check_upload(self.cleaned_data.get("file"), str(_("File")))


SOURCE_LABELS = dict(NominationSource.choices)
