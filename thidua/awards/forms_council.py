"""Forms of the council pages: members, planning a session, the secret ballot (a member's
own screen and the secretary's paper ballots)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.awards.models import AgendaItem, BallotChoice, CouncilMember, MemberRole, Nomination
from thidua.core.text import nfc
from thidua.org.models import Person, User
from thidua.org.permissions import scope_for
from thidua.org.selectors import people_visible_to


class CouncilForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Council name"), max_length=255)

    def clean_name(self) -> str:
        return nfc(self.cleaned_data["name"]).strip()


class MemberForm(forms.Form):
    """A seat: an account (user name) and/or a person (code), or just a name, with a role."""

    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=MemberRole.choices)
    account = forms.CharField(label=gettext_lazy("Account (user name)"), required=False)
    person = forms.CharField(label=gettext_lazy("Person (code)"), required=False)
    name = forms.CharField(label=gettext_lazy("Name as printed"), required=False, max_length=160)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_account(self) -> User | None:
        username = self.cleaned_data["account"].strip()
        if not username:
            return None
        scope = scope_for(self.user)
        found = (
            User.objects.filter(username=username, is_active=True)
            .filter(scope.q("unit__path"))
            .select_related("person")
            .first()
        )
        if found is None:
            raise ValidationError(
                _("There is no account “%(name)s” in your units.") % {"name": username}
            )
        return found

    def clean_person(self) -> Person | None:
        code = self.cleaned_data["person"].strip()
        if not code:
            return None
        found = people_visible_to(self.user).filter(code=code).first()
        if found is None:
            raise ValidationError(
                _("There is no person “%(code)s” in your units.") % {"code": code}
            )
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        account, person = data.get("account"), data.get("person")
        name = nfc(data.get("name") or "").strip()
        if not self.errors and account is None and person is None and not name:
            raise ValidationError(_("Give an account, a person or at least a name."))
        if not name:
            if person is not None:
                name = person.full_name
            elif account is not None:
                name = account.full_name or account.get_username()
        if person is None and account is not None and account.person_id:
            data["person"] = account.person
        data["name"] = name
        return data


def _nomination_label(obj: Any) -> str:
    return f"{obj.subject_label} · {obj.award.name_vi} {obj.year}"


class SessionForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(label=gettext_lazy("Place"), required=False, max_length=255)
    nominations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Nominations put to the council"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one nomination.")},
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["nominations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = candidates
        field.label_from_instance = _nomination_label  # type: ignore[method-assign]


def choice_field(item: AgendaItem) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=item.nomination.subject_label,
        choices=BallotChoice.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose Agree or Disagree for “%(n)s”.")
            % {"n": item.nomination.subject_label}
        },
    )


class BallotForm(forms.Form):
    """One ballot: one choice per nomination on the current round's ballot (field
    ``n<nomination id>``).  Nothing of it is ever shown back after it is cast."""

    def __init__(self, *args: Any, items: Sequence[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"n{item.nomination_id}"] = choice_field(item)

    def choices(self) -> dict[int, str]:
        return {
            item.nomination_id: self.cleaned_data[f"n{item.nomination_id}"] for item in self.items
        }

    def cards(self) -> list[tuple[AgendaItem, forms.BoundField]]:
        return [(item, self[f"n{item.nomination_id}"]) for item in self.items]


class PaperBallotForm(BallotForm):
    """A paper ballot (member present) or a written opinion (member absent) entered by the
    secretary, one at a time."""

    member = forms.TypedChoiceField(label=gettext_lazy("Ballot of"), coerce=int)

    def __init__(
        self,
        *args: Any,
        items: Sequence[AgendaItem],
        members: Sequence[CouncilMember],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, items=items, **kwargs)
        self.members = {m.pk: m for m in members}
        field = self.fields["member"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—"), *((m.pk, m.name) for m in members)]
        field.error_messages["required"] = _("Choose whose ballot this is.")
        self.order_fields(["member"])

    def clean_member(self) -> CouncilMember:
        return self.members[self.cleaned_data["member"]]
