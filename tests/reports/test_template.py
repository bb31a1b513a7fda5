"""An office's own Word template: upload (validated), used for its subtree, removed."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from tests.reports.conftest import Data
from thidua.reports import documents
from thidua.reports.models import ReportTemplate

pytestmark = pytest.mark.django_db

URL = "/reports/template/"


def _docx(*lines: str) -> bytes:
    """The default template with ``lines`` added at the end."""
    doc = Document(str(documents.default_template()))
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _upload(client: Any, unit: str, data: bytes, name: str = "mau.docx") -> Any:
    return client.post(f"{URL}?unit={unit}", {"file": SimpleUploadedFile(name, data)})


def _word_text(client: Any, **params: Any) -> str:
    response = client.get("/reports/word/bao-cao-tong-hop.docx", {"year_from": 2020, **params})
    assert response.status_code == 200
    return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)


def test_an_office_uploads_its_template_and_its_subtree_uses_it(data: Data) -> None:
    officer = data.cast.client_for(data.cast.officer)
    response = _upload(officer, "BL-HD", _docx("MẪU RIÊNG CỦA HUYỆN {{ period }}"))
    assert response.status_code == 302
    assert ReportTemplate.objects.get().unit == data.cast.district
    assert "MẪU RIÊNG CỦA HUYỆN năm 2020" in _word_text(officer)
    commune = data.cast.client_for(data.cast.commune_officer)
    assert "MẪU RIÊNG CỦA HUYỆN năm 2020" in _word_text(commune)  # a unit under it
    office = data.cast.client_for(data.cast.office)
    assert "MẪU RIÊNG" not in _word_text(office)  # the province keeps the default
    current = officer.get("/reports/template/current.docx")
    assert current.status_code == 200
    assert b"word/document.xml" in current.content
    page = officer.get(URL).content.decode()
    assert "Đang dùng: mẫu của Huyện Hồng Dân (mau.docx)." in page
    # Back to the default.
    assert officer.post(f"{URL}remove/?unit=BL-HD").status_code == 302
    assert not ReportTemplate.objects.exists()
    assert "MẪU RIÊNG" not in _word_text(officer)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"just text, not a document", "mau.docx", "Tệp không phải là tài liệu Word (.docx)."),
        (b"PK\x03\x04 broken zip", "mau.docx", "Tệp không phải là tài liệu Word (.docx)."),
        (None, "mau.txt", "Tệp phải là tài liệu Word có đuôi .docx."),
        (
            "{{ so_lieu_khong_co }}",
            "mau.docx",
            "Mẫu dùng các trường mà báo cáo không có: {{ so_lieu_khong_co }}.",
        ),
        ("{{ period ", "mau.docx", "Mẫu có trường bị hỏng gần dòng"),
    ],
)
def test_a_bad_template_is_refused_with_a_vietnamese_reason(
    data: Data, content: bytes | str | None, name: str, message: str
) -> None:
    if content is None:
        payload = _docx()
    elif isinstance(content, str):
        payload = _docx(content)
    else:
        payload = content
    response = _upload(data.cast.client_for(data.cast.office), "BL", payload, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReportTemplate.objects.exists()


def test_only_offices_and_officers_of_the_subtree_change_templates(data: Data) -> None:
    payload = _docx()
    assert _upload(data.cast.client_for(data.cast.viewer), "BL-HD", payload).status_code == 403
    assert _upload(data.cast.client_for(data.cast.leader), "BL", payload).status_code == 403
    assert _upload(data.cast.client_for(data.cast.council), "BL", payload).status_code == 403
    assert _upload(data.cast.client_for(data.cast.outsider), "BL-HD", payload).status_code == 404
    assert _upload(data.cast.client_for(data.cast.officer), "BL", payload).status_code == 404
    remove = data.cast.client_for(data.cast.viewer).post(f"{URL}remove/?unit=BL-HD")
    assert remove.status_code == 403
    assert not ReportTemplate.objects.exists()


def test_the_default_template_keeps_its_fields(data: Data) -> None:
    response = data.cast.client_for(data.cast.viewer).get("/reports/template/default.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "{{ period }}" in text and "BÁO CÁO" in text
