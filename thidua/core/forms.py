"""Form fields shared by the parts of the system."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from thidua.core.spreadsheet import SpreadsheetError, check_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class XlsxFileField(forms.FileField):
    """An uploaded Excel workbook, refused on the page (with the Vietnamese reason) when it
    is too large, empty, an old .xls, encrypted, not an .xlsx at all or a ZIP bomb
    (``core.spreadsheet.check_xlsx``): an import never queues a job, or stores a file, for
    something it cannot read.  The rows themselves are checked by the import."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Excel file (.xlsx)"))
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_TYPE})
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload:
            try:
                check_xlsx(upload)
            except SpreadsheetError as error:
                raise forms.ValidationError(str(error), code="not_xlsx") from None
            finally:
                upload.seek(0)
        return upload
