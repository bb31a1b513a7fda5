"""Forms of the decision pages: preparing a decision and issuing it.

Values the office would otherwise type every time (printed authority name, place, legal
bases, recipients, signer's title) are prefilled from the issuing authority and the year;
all stay editable.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import Decision, Nomination
from thidua.awards.services import MAX_YEAR, MIN_YEAR
from thidua.org.models import Role, Unit, UnitKind, User

# Kinds of units that issue commendation decisions.
AUTHORITY_KINDS = (
    UnitKind.PROVINCE,
    UnitKind.MINISTRY,
    UnitKind.DEPARTMENT,
    UnitKind.DISTRICT,
    UnitKind.COMMUNE,
    UnitKind.WARD,
    UnitKind.TOWN,
)
PEOPLES_COMMITTEE_KINDS = frozenset(
    {UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWN}
)
KIND_PREFIXES = ("Tỉnh ", "Thành phố ", "Huyện ", "Thị xã ", "Quận ", "Xã ", "Phường ", "Thị trấn ")


def _plain_name(name: str) -> str:
    for prefix in KIND_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def printed_authority(unit: Unit) -> str:
    """ "Tỉnh Bạc Liêu" → "Ủy ban nhân dân tỉnh Bạc Liêu"; other bodies as named."""
    if unit.kind in PEOPLES_COMMITTEE_KINDS:
        name = unit.name
        return f"Ủy ban nhân dân {name[:1].lower()}{name[1:]}"
    return unit.name


def province_of(unit: Unit) -> Unit:
    ids = unit.ancestor_ids()
    if not ids:
        return unit
    return Unit.objects.get(pk=ids[0])


def legal_bases(unit: Unit, year: int) -> str:
    """The usual bases of a commendation decision for the law in force that year."""
    lines = []
    if unit.kind in PEOPLES_COMMITTEE_KINDS:
        lines.append("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;")
    if year < 2024:
        lines += [
            "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung "
            "một số điều của Luật Thi đua, Khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 "
            "tháng 11 năm 2013;",
            "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định "
            "chi tiết thi hành một số điều của Luật Thi đua, Khen thưởng;",
        ]
    else:
        lines.append("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;")
        if year < 2025:
            lines.append(
                "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy "
                "định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;"
            )
        else:
            lines.append(
                "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết thi hành "
                "một số điều của Luật Thi đua, khen thưởng;"
            )
    if unit.kind == UnitKind.PROVINCE:
        lines.append("Xét đề nghị của Giám đốc Sở Nội vụ.")
    else:
        lines.append("Xét đề nghị của Hội đồng Thi đua - Khen thưởng.")
    return "\n".join(lines)


def default_recipients(unit: Unit) -> str:
    if unit.kind == UnitKind.PROVINCE:
        lines = ["Như Điều 3;", "TT. Tỉnh ủy, TT. HĐND tỉnh (b/c);", "CT, các PCT UBND tỉnh;"]
    else:
        lines = ["Như Điều 3;", "Cơ quan cấp trên (b/c);"]
    return "\n".join([*lines, "Lưu: VT."])


def prefill(unit: Unit, year: int) -> dict[str, Any]:
    province = province_of(unit)
    committee = unit.kind in PEOPLES_COMMITTEE_KINDS
    return {
        "year": year,
        "authority_name": printed_authority(unit),
        "parent_authority": "" if committee else printed_authority(province),
        "symbol": "QĐ-UBND" if committee else "QĐ",
        "place": _plain_name(province.name),
        "title": f"Về việc tặng danh hiệu thi đua và hình thức khen thưởng năm {year}",
        "bases": legal_bases(unit, year),
        "recipients": default_recipients(unit),
        "signer_title": "Chủ tịch" if committee else "Giám đốc",
    }


class NominationChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.subject_label} – {obj.award.name_vi} ({obj.year})"


class DecisionForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    nominations = NominationChoices(
        Nomination.objects.none(),
        label=_("Awardees"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "pick"}),
        error_messages={"required": _("Choose at least one approved nomination.")},
    )
    authority_name = forms.CharField(label=_("Authority as printed"), max_length=255)
    parent_authority = forms.CharField(
        label=_("Superior body as printed"), max_length=255, required=False
    )
    symbol = forms.CharField(label=_("Symbol"), max_length=40)
    place = forms.CharField(label=_("Place"), max_length=80)
    title = forms.CharField(label=_("About"), max_length=500)
    bases = forms.CharField(
        label=_("Legal bases (one per line)"), widget=forms.Textarea(attrs={"rows": 6})
    )
    recipients = forms.CharField(
        label=_("Recipients (one per line)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    signer = forms.ModelChoiceField(
        User.objects.none(),
        label=_("Signer"),
        required=False,
        help_text=_("A leader's account of the issuing authority."),
    )
    signer_title = forms.CharField(label=_("Signer's title"), max_length=160)
    signer_name = forms.CharField(
        label=_("Signer's name"),
        max_length=160,
        required=False,
        help_text=_("Left empty: the name of the signer's account."),
    )

    def __init__(
        self,
        *args: Any,
        authority: Unit,
        candidates: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["nominations"].queryset = candidates
        fields["signer"].queryset = User.objects.filter(
            role=Role.LEADER, unit=authority, is_active=True
        ).order_by("full_name", "username")
        fields["signer"].label_from_instance = lambda u: u.full_name or u.username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        signer = data.get("signer")
        if signer is None and not data.get("signer_name"):
            self.add_error("signer_name", _("Choose the signer or type the signer's name."))
        return data


class IssueForm(forms.Form):
    date = forms.DateField(
        label=_("Date of issue"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=dt.date.today,
    )
    number = forms.IntegerField(
        label=_("Number"),
        min_value=1,
        required=False,
        help_text=_("Left empty: the next free number of the authority for the year."),
    )

    def __init__(self, *args: Any, decision: Decision, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.decision = decision

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day.year < self.decision.year:
            raise forms.ValidationError(
                _("The decision for %(year)s cannot be dated before that year.")
                % {"year": self.decision.year}
            )
        return day
