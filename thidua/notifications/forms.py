from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.notifications.models import Kind


class EmailPreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Send me an e-mail when"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, email_off: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        off = email_off or set()
        self.fields["kinds"].initial = [k for k in Kind.values if k not in off]
