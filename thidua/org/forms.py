"""Forms that change units, people and accounts.

Forms only parse and check what a clerk typed, with messages that name the field; every
write goes through ``thidua.org.services``.  Units and people are typed as codes (a
``<datalist>`` filled by HTMX suggests them) and resolved inside the user's scope, so a form
can never reach a unit the user does not see.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from thidua.core.text import nfc
from thidua.org.ethnicities import canonical_ethnicity
from thidua.org.models import (
    Gender,
    Person,
    PersonCategory,
    Position,
    Role,
    Unit,
    UnitKind,
    User,
)
from thidua.org.permissions import Scope

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
_CODE_SEPARATORS = re.compile(r"[\s,;]+")


def _day(value: dt.date) -> str:
    return date_format(value, "d/m/Y")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(
    label: StrOrPromise, *, required: bool = True, help_text: StrOrPromise = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        help_text=help_text,
    )


class CodeInput(forms.TextInput):
    """A text box for a unit or person code with suggestions from the lookup view."""

    def __init__(self, *, kind: str = "unit", attrs: dict[str, Any] | None = None) -> None:
        self.kind = kind
        super().__init__(attrs=attrs)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id', name)}-options"
        attrs.update(
            {
                "list": list_id,
                "autocomplete": "off",
                "hx-get": f"{reverse_lazy('org_edit:lookup')}?kind={self.kind}&field={name}",
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
            }
        )
        context = super().get_context(name, value, attrs)
        context["widget"]["list_id"] = list_id
        return context

    template_name = "org/edit/widgets/code_input.html"


class CodesWidget(forms.TextInput):
    """Several codes: each submitted value may hold several codes separated by commas,
    semicolons or spaces (checkboxes and the free text box share one name)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name, "")]
        codes: list[str] = []
        for value in values:
            for code in _CODE_SEPARATORS.split(nfc(str(value or ""))):
                if code and code not in codes:
                    codes.append(code)
        return codes

    # Codes already offered as tick boxes next to the text box are not repeated in it.
    hide_codes: frozenset[str] = frozenset()

    def format_value(self, value: Any) -> str:
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value if str(v) not in self.hide_codes)
        return super().format_value(value) or ""


class CodesField(forms.Field):
    widget = CodesWidget
    hidden_widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        if isinstance(value, str):
            return [c for c in _CODE_SEPARATORS.split(nfc(value)) if c]
        return list(value)


class ThiduaForm(forms.Form):
    """Base form: the standard messages name the field they are about."""

    template_name = "org/edit/form_fields.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.name_error_messages()

    def name_error_messages(self) -> None:
        for field in self.fields.values():
            label = str(field.label or "")
            if isinstance(field, forms.ChoiceField):
                field.error_messages["required"] = _("Choose a value for “%(field)s”.") % {
                    "field": label
                }
            else:
                field.error_messages["required"] = _("“%(field)s” is required.") % {"field": label}
            field.error_messages["invalid_choice"] = _(
                "“%(field)s”: choose one of the values in the list."
            ) % {"field": label}
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = _(
                    "“%(field)s” is not a valid date (use dd/mm/yyyy)."
                ) % {"field": label}
            elif isinstance(field, forms.IntegerField):
                field.error_messages["invalid"] = _("“%(field)s” must be a whole number.") % {
                    "field": label
                }
            elif isinstance(field, forms.EmailField):
                field.error_messages["invalid"] = _(
                    "“%(field)s” is not a valid e-mail address."
                ) % {"field": label}

    def add_service_error(self, error: ValidationError) -> None:
        """Show an error raised by a service (the transaction was rolled back)."""
        self.add_error(None, error)

    def label_of(self, name: str) -> str:
        return str(self.fields[name].label)


def resolve_unit(scope: Scope, code: str, label: str) -> Unit:
    """The unit with ``code`` if the user's scope holds it, else a validation error that
    names the field (outsiders' units are reported as not found)."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not scope.contains(unit):
        raise ValidationError(
            _("“%(field)s”: no unit with code %(code)s among the units you manage.")
            % {"field": label, "code": code}
        )
    return unit


# -- units --------------------------------------------------------------------------------


class UnitForm(ThiduaForm):
    code = forms.CharField(label=gettext_lazy("Unit code"), max_length=32)
    name = forms.CharField(label=gettext_lazy("Unit name"), max_length=255)
    short_name = forms.CharField(label=gettext_lazy("Short name"), max_length=120, required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of unit"), choices=[("", "—"), *UnitKind.choices]
    )
    parent = forms.CharField(
        label=gettext_lazy("Parent unit (code)"),
        max_length=32,
        required=False,
        widget=CodeInput(kind="unit"),
    )
    active_from = date_field(gettext_lazy("Active from"), required=False)
    active_to = date_field(
        gettext_lazy("Active to"),
        required=False,
        help_text=gettext_lazy("Leave empty while the unit is still operating."),
    )
    address = forms.CharField(label=gettext_lazy("Address"), max_length=255, required=False)
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, user: User, scope: Scope, instance: Unit | None = None, **kwargs: Any
    ) -> None:
        self.user = user
        self.scope = scope
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "code": instance.code,
                "name": instance.name,
                "short_name": instance.short_name,
                "kind": instance.kind,
                "parent": instance.parent.code if instance.parent else "",
                "active_from": instance.active_from,
                "active_to": instance.active_to,
                "address": instance.address,
                "note": instance.note,
            }
        super().__init__(*args, **kwargs)

    def clean_code(self) -> str:
        code = nfc(self.cleaned_data["code"])
        taken = Unit.objects.filter(code=code)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(
                _("“%(field)s”: the code %(code)s is already used by another unit.")
                % {"field": self.label_of("code"), "code": code}
            )
        return code

    def clean_name(self) -> str:
        return nfc(self.cleaned_data["name"])

    def clean_parent(self) -> Unit | None:
        code = nfc(self.cleaned_data.get("parent") or "")
        label = self.label_of("parent")
        current = self.instance.parent if self.instance is not None else None
        if not code:
            if self.instance is not None and current is None:
                return None  # a root unit stays a root unit
            if not self.user.is_system_admin:
                raise ValidationError(
                    _(
                        "“%(field)s” is required: only a system administrator can create a "
                        "top-level unit."
                    )
                    % {"field": label}
                )
            return None
        if current is not None and current.code == code:
            return current  # unchanged, even if the parent lies outside the user's scope
        parent = resolve_unit(self.scope, code, label)
        if self.instance is not None and parent.path.startswith(self.instance.path):
            raise ValidationError(
                _("“%(field)s”: a unit cannot be moved under itself or one of its own units.")
                % {"field": label}
            )
        return parent

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("active_from"), data.get("active_to")
        if start and end and end < start:
            self.add_error(
                "active_to",
                _("“%(to)s” (%(end)s) is before “%(from)s” (%(start)s): the dates are reversed.")
                % {
                    "to": self.label_of("active_to"),
                    "from": self.label_of("active_from"),
                    "end": _day(end),
                    "start": _day(start),
                },
            )
        return data


# -- reorganisations -------------------------------------------------------------------------


class DecisionFields(ThiduaForm):
    effective_date = date_field(gettext_lazy("Effective date"))
    decision_number = forms.CharField(
        label=gettext_lazy("Decision number"), max_length=64, required=False
    )
    decision_date = date_field(gettext_lazy("Decision date"), required=False)
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    action = ""

    def __init__(self, *args: Any, unit: Unit, scope: Scope, **kwargs: Any) -> None:
        self.unit = unit
        self.scope = scope
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        decided, effective = data.get("decision_date"), data.get("effective_date")
        if decided and effective and decided > effective:
            self.add_error(
                "decision_date",
                _(
                    "“%(field)s” is after the effective date: a decision cannot take effect "
                    "before it is signed."
                )
                % {"field": self.label_of("decision_date")},
            )
        return data

    def decision_line(self) -> str:
        number = self.cleaned_data.get("decision_number")
        day = self.cleaned_data.get("decision_date")
        if number and day:
            return _("Decision no. %(n)s of %(d)s.") % {"n": number, "d": _day(day)}
        if number:
            return _("Decision no. %(n)s.") % {"n": number}
        return _("No decision number given.")

    def summary(self) -> list[str]:
        """What the write will do, in sentences a clerk can check before confirming."""
        raise NotImplementedError

    def payload(self) -> list[tuple[str, str]]:
        """The cleaned values as (name, value) pairs, to carry from preview to confirm."""
        pairs: list[tuple[str, str]] = []
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if value is None or value == "" or value is False:
                continue
            if isinstance(value, list):
                pairs.extend((name, u.code if isinstance(u, Unit) else str(u)) for u in value)
            elif isinstance(value, dt.date):
                pairs.append((name, value.isoformat()))
            elif value is True:
                pairs.append((name, "on"))
            else:
                pairs.append((name, str(value)))
        return pairs

    def _units(self, name: str) -> list[Unit]:
        codes: list[str] = self.cleaned_data.get(name) or []
        label = self.label_of(name)
        if not codes:
            raise ValidationError(_("“%(field)s”: choose at least one unit.") % {"field": label})
        found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        units: list[Unit] = []
        for code in codes:
            unit = found.get(code)
            if unit is None or not self.scope.contains(unit):
                raise ValidationError(
                    _("“%(field)s”: no unit with code %(code)s among the units you manage.")
                    % {"field": label, "code": code}
                )
            if unit.pk == self.unit.pk:
                raise ValidationError(
                    _("“%(field)s”: %(unit)s is the unit being reorganised; choose other units.")
                    % {"field": label, "unit": unit}
                )
            units.append(unit)
        return units


class RenameForm(DecisionFields):
    action = "rename"
    new_name = forms.CharField(label=gettext_lazy("New name"), max_length=255)
    field_order = ["new_name", "effective_date", "decision_number", "decision_date", "note"]

    def clean_new_name(self) -> str:
        name = nfc(self.cleaned_data["new_name"])
        if name == self.unit.name:
            raise ValidationError(
                _("“%(field)s” is the same as the current name.")
                % {"field": self.label_of("new_name")}
            )
        return name

    def summary(self) -> list[str]:
        data = self.cleaned_data
        return [
            _("“%(old)s” is renamed “%(new)s” from %(d)s; its records stay with it.")
            % {"old": self.unit.name, "new": data["new_name"], "d": _day(data["effective_date"])},
            self.decision_line(),
        ]


class MergeDirection:
    INTO_THIS = "into_this"
    THIS_INTO = "this_into"


class MergeForm(DecisionFields):
    action = "merge"
    direction = forms.ChoiceField(
        label=pgettext_lazy("merger", "Direction"),
        widget=forms.RadioSelect,
        choices=[
            (MergeDirection.INTO_THIS, gettext_lazy("Merge the units below INTO this unit")),
            (MergeDirection.THIS_INTO, gettext_lazy("Merge this unit into the unit below")),
        ],
        initial=MergeDirection.INTO_THIS,
    )
    units = CodesField(
        label=gettext_lazy("Other units (codes)"),
        help_text=gettext_lazy("Tick units or type their codes separated by commas."),
    )
    move_children = forms.BooleanField(
        label=gettext_lazy("Move the still-active child units to the successor"), required=False
    )
    field_order = [
        "direction",
        "units",
        "effective_date",
        "decision_number",
        "decision_date",
        "note",
        "move_children",
    ]

    def clean_units(self) -> list[Unit]:
        return self._units("units")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        units: list[Unit] | None = data.get("units")
        direction = data.get("direction")
        if not units or not direction:
            return data
        label = self.label_of("units")
        if direction == MergeDirection.THIS_INTO:
            if len(units) != 1:
                self.add_error(
                    "units",
                    _("“%(field)s”: to merge this unit into another, choose exactly one unit.")
                    % {"field": label},
                )
                return data
            successor, predecessors = units[0], [self.unit]
        else:
            successor, predecessors = self.unit, units
        for unit in predecessors:
            if successor.path.startswith(unit.path):
                self.add_error(
                    "units",
                    _("“%(field)s”: %(s)s lies under %(p)s and cannot succeed it.")
                    % {"field": label, "s": successor, "p": unit},
                )
                return data
        effective = data.get("effective_date")
        if effective and successor.active_from and successor.active_from > effective:
            self.add_error(
                "effective_date",
                _("“%(field)s”: the successor %(s)s only starts operating on %(d)s.")
                % {
                    "field": self.label_of("effective_date"),
                    "s": successor,
                    "d": _day(successor.active_from),
                },
            )
        self.successor, self.predecessors = successor, predecessors
        return data

    def children_to_move(self) -> list[Unit]:
        if not self.cleaned_data.get("move_children"):
            return []
        effective = self.cleaned_data["effective_date"]
        return [
            child
            for child in Unit.objects.filter(parent__in=self.predecessors).exclude(
                pk=self.successor.pk
            )
            if child.active_to is None or child.active_to >= effective
        ]

    def summary(self) -> list[str]:
        effective = self.cleaned_data["effective_date"]
        last_day = effective - dt.timedelta(days=1)
        names = ", ".join(str(u) for u in self.predecessors)
        lines = [
            _("%(units)s merge into %(s)s from %(d)s.")
            % {"units": names, "s": self.successor, "d": _day(effective)},
            _("%(units)s operate until %(d)s; their records then follow %(s)s.")
            % {"units": names, "d": _day(last_day), "s": self.successor},
        ]
        children = self.children_to_move()
        if children:
            lines.append(
                _("Child units moved under %(s)s: %(units)s.")
                % {"s": self.successor, "units": ", ".join(str(c) for c in children)}
            )
        elif self.cleaned_data.get("move_children"):
            lines.append(_("There are no active child units to move."))
        lines.append(self.decision_line())
        return lines


class SplitForm(DecisionFields):
    action = "split"
    units = CodesField(
        label=gettext_lazy("Successor units (codes)"),
        help_text=gettext_lazy(
            "Create the new units first, then tick them or type their codes separated by commas."
        ),
    )
    keep_predecessor = forms.TypedChoiceField(
        label=gettext_lazy("This unit after the split"),
        widget=forms.RadioSelect,
        coerce=lambda v: v == "keep",
        choices=[
            ("close", gettext_lazy("Close it (it is divided completely)")),
            ("keep", gettext_lazy("Keep it (a part is split off)")),
        ],
        initial="close",
    )
    field_order = [
        "units",
        "keep_predecessor",
        "effective_date",
        "decision_number",
        "decision_date",
        "note",
    ]

    def clean_units(self) -> list[Unit]:
        return self._units("units")

    def payload(self) -> list[tuple[str, str]]:
        pairs = [p for p in super().payload() if p[0] != "keep_predecessor"]
        keep = self.cleaned_data.get("keep_predecessor")
        pairs.append(("keep_predecessor", "keep" if keep else "close"))
        return pairs

    def summary(self) -> list[str]:
        data = self.cleaned_data
        effective = data["effective_date"]
        lines = [
            _("%(p)s is split into %(units)s from %(d)s.")
            % {
                "p": self.unit,
                "units": ", ".join(str(u) for u in data["units"]),
                "d": _day(effective),
            }
        ]
        if data["keep_predecessor"]:
            lines.append(_("%(p)s keeps operating.") % {"p": self.unit})
        else:
            lines.append(
                _("%(p)s operates until %(d)s, then stops.")
                % {"p": self.unit, "d": _day(effective - dt.timedelta(days=1))}
            )
        lines.append(self.decision_line())
        return lines


# -- people -------------------------------------------------------------------------------


def _birth_year_field() -> forms.IntegerField:
    # The bounds are checked in clean_birth_year (this year changes; the field is built once).
    return forms.IntegerField(
        label=gettext_lazy("Birth year"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1900, "inputmode": "numeric"}),
    )


class PersonForm(ThiduaForm):
    code = forms.CharField(label=gettext_lazy("Person code"), max_length=32)
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=160)
    gender = forms.ChoiceField(label=gettext_lazy("Gender"), choices=Gender.choices)
    birth_year = _birth_year_field()
    ethnicity = forms.CharField(
        label=gettext_lazy("Ethnicity"),
        max_length=64,
        initial="Kinh",
        widget=forms.TextInput(attrs={"list": "ethnicity-options", "autocomplete": "off"}),
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Category"), choices=PersonCategory.choices, required=False
    )
    title = forms.CharField(label=gettext_lazy("Position"), max_length=160, required=False)

    def __init__(
        self,
        *args: Any,
        scope: Scope,
        instance: Person | None = None,
        **kwargs: Any,
    ) -> None:
        self.scope = scope
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "code": instance.code,
                "full_name": instance.full_name,
                "gender": instance.gender,
                "birth_year": instance.birth_year,
                "ethnicity": instance.ethnicity,
                "category": instance.category,
                "title": instance.title,
            }
        super().__init__(*args, **kwargs)
        if instance is None:
            self.fields["unit"] = forms.CharField(
                label=_("Unit (code)"), max_length=32, widget=CodeInput(kind="unit")
            )
            self.fields["start_date"] = date_field(_("Position held since"), required=False)
            self.name_error_messages()

    def clean_code(self) -> str:
        code = nfc(self.cleaned_data["code"])
        taken = Person.objects.filter(code=code)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(
                _("“%(field)s”: the code %(code)s is already used by another person.")
                % {"field": self.label_of("code"), "code": code}
            )
        return code

    def clean_full_name(self) -> str:
        return nfc(self.cleaned_data["full_name"])

    def clean_title(self) -> str:
        return nfc(self.cleaned_data.get("title") or "")

    def clean_birth_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("birth_year")
        this_year = dt.date.today().year
        if year is not None and not (1900 <= year <= this_year):
            raise ValidationError(
                _("“%(field)s” must be between 1900 and %(max)s.")
                % {"field": self.label_of("birth_year"), "max": this_year}
            )
        return year

    def clean_ethnicity(self) -> str:
        text = self.cleaned_data["ethnicity"]
        name = canonical_ethnicity(text)
        if name is None:
            raise ValidationError(
                _(
                    "“%(field)s”: “%(value)s” is not one of Vietnam's 54 ethnic groups; "
                    "choose from the list, or “Nước ngoài” for a foreigner."
                )
                % {"field": self.label_of("ethnicity"), "value": nfc(text)}
            )
        return name

    def clean_unit(self) -> Unit:
        return resolve_unit(self.scope, nfc(self.cleaned_data["unit"]), self.label_of("unit"))


class AssignForm(ThiduaForm):
    unit = forms.CharField(
        label=gettext_lazy("New unit (code)"), max_length=32, widget=CodeInput(kind="unit")
    )
    title = forms.CharField(label=gettext_lazy("New position"), max_length=160)
    start_date = date_field(gettext_lazy("Start date"))

    def __init__(self, *args: Any, scope: Scope, person: Person, **kwargs: Any) -> None:
        self.scope = scope
        self.person = person
        super().__init__(*args, **kwargs)

    def clean_unit(self) -> Unit:
        return resolve_unit(self.scope, nfc(self.cleaned_data["unit"]), self.label_of("unit"))

    def clean_title(self) -> str:
        return nfc(self.cleaned_data["title"])

    def clean_start_date(self) -> dt.date:
        start: dt.date = self.cleaned_data["start_date"]
        current = (
            Position.objects.filter(
                person=self.person, end_date__isnull=True, start_date__gte=start
            )
            .order_by("-start_date")
            .first()
        )
        if current is not None and current.start_date is not None:
            raise ValidationError(
                _("“%(field)s” must be after the start of the current position (%(d)s).")
                % {"field": self.label_of("start_date"), "d": _day(current.start_date)}
            )
        return start


# -- accounts -----------------------------------------------------------------------------


def role_choices(user: User) -> list[tuple[str, StrOrPromise]]:
    """Roles an account may grant: only a system administrator grants the admin role."""
    return [
        (value, label)
        for value, label in Role.choices
        if value != Role.ADMIN or user.is_system_admin
    ]


class AccountFields(ThiduaForm):
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=160, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    role = forms.ChoiceField(label=gettext_lazy("Role"))
    unit = forms.CharField(
        label=gettext_lazy("Unit (code)"),
        max_length=32,
        required=False,
        widget=CodeInput(kind="unit"),
    )

    def __init__(self, *args: Any, user: User, scope: Scope, **kwargs: Any) -> None:
        self.user = user
        self.scope = scope
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = role_choices(user)

    def clean_full_name(self) -> str:
        return nfc(self.cleaned_data.get("full_name") or "")

    def clean_unit(self) -> Unit | None:
        code = nfc(self.cleaned_data.get("unit") or "")
        if not code:
            return None
        return resolve_unit(self.scope, code, self.label_of("unit"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("role") and data["role"] != Role.ADMIN and "unit" in data and not data["unit"]:
            self.add_error(
                "unit",
                _(
                    "“%(field)s” is required: every account except a system administrator "
                    "belongs to a unit."
                )
                % {"field": self.label_of("unit")},
            )
        return data


class AccountCreateForm(AccountFields):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    person = forms.CharField(
        label=gettext_lazy("Linked person (code)"),
        max_length=32,
        required=False,
        widget=CodeInput(kind="person"),
        help_text=gettext_lazy("Optional: the person this account belongs to."),
    )
    password1 = forms.CharField(
        label=gettext_lazy("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Initial password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = [
        "username",
        "full_name",
        "email",
        "role",
        "unit",
        "person",
        "password1",
        "password2",
    ]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        label = self.label_of("username")
        try:
            User.username_validator(username)
        except ValidationError:
            raise ValidationError(
                _("“%(field)s” may contain only letters, digits and @ . + - _ characters.")
                % {"field": label}
            ) from None
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(
                _("“%(field)s”: the username %(u)s is already taken.")
                % {"field": label, "u": username}
            )
        return username

    def clean_person(self) -> Person | None:
        code = nfc(self.cleaned_data.get("person") or "")
        if not code:
            return None
        label = self.label_of("person")
        person = Person.objects.select_related("unit").filter(code=code).first()
        if person is None or not self.scope.contains(person.unit):
            raise ValidationError(
                _("“%(field)s”: no person with code %(code)s among the people you manage.")
                % {"field": label, "code": code}
            )
        if User.objects.filter(person=person).exists():
            raise ValidationError(
                _("“%(field)s”: %(p)s already has an account.") % {"field": label, "p": person}
            )
        return person

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error(
                "password2",
                _("“%(field)s” does not match the password.")
                % {"field": self.label_of("password2")},
            )
        elif first:
            probe = User(
                username=data.get("username") or "",
                full_name=data.get("full_name") or "",
                email=data.get("email") or "",
            )
            try:
                validate_password(first, probe)
            except ValidationError as error:
                label = self.label_of("password1")
                self.add_error(
                    "password1",
                    [f"“{label}”: {message}" for message in error.messages],
                )
        return data


class AccountEditForm(AccountFields):
    is_active = forms.BooleanField(label=gettext_lazy("Active (may sign in)"), required=False)
    field_order = ["full_name", "email", "role", "unit", "is_active"]

    def __init__(self, *args: Any, account: User, **kwargs: Any) -> None:
        self.account = account
        kwargs.setdefault(
            "initial",
            {
                "full_name": account.full_name,
                "email": account.email,
                "role": account.role,
                "unit": account.unit.code if account.unit else "",
                "is_active": account.is_active,
            },
        )
        super().__init__(*args, **kwargs)

    def clean_is_active(self) -> bool:
        active = bool(self.cleaned_data.get("is_active"))
        if not active and self.account.pk == self.user.pk:
            raise ValidationError(
                _("“%(field)s”: you cannot deactivate your own account; ask another administrator.")
                % {"field": self.label_of("is_active")}
            )
        return active

    def clean_unit(self) -> Unit | None:
        code = nfc(self.cleaned_data.get("unit") or "")
        if self.account.unit is not None and code == self.account.unit.code:
            return self.account.unit
        return super().clean_unit()
