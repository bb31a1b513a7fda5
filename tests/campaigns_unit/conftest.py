"""Fixtures for the unit side of campaigns: a launched campaign the commune takes part in,
built through the real services on top of the standing cast."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.conftest import Cast
from thidua.campaigns import services
from thidua.campaigns.models import Campaign, Registration

START = dt.date(2020, 5, 15)
DEADLINE = dt.date(2020, 9, 2)


@pytest.fixture(autouse=True)
def _vietnamese(settings: Any) -> None:
    settings.LANGUAGE_CODE = "vi"


def png_bytes(size: tuple[int, int] = (800, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(out, format="PNG")
    return out.getvalue()


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name: str, content: bytes, content_type: str) -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


def launch(cast: Cast, code: str = "BL-2020-DH", **overrides: Any) -> Campaign:
    fields: dict[str, Any] = {
        "code": code,
        "name": f"Thi đua chào mừng đại hội Đảng bộ các cấp {code}",
        "issuing_unit": cast.province,
        "document_number": "12/KH-UBND",
        "document_date": dt.date(2020, 5, 10),
        "document_signer": "Chủ tịch UBND tỉnh",
        "purpose": "Lập thành tích chào mừng đại hội.",
        "start_date": START,
        "deadline": DEADLINE,
        "registration_deadline": dt.date(2020, 6, 15),
    }
    fields.update(overrides)
    campaign = services.campaign_create(actor=cast.office, **fields)
    services.campaign_participant_add(
        actor=cast.office, campaign=campaign, unit=cast.district, include_subtree=True
    )
    return services.campaign_launch(actor=cast.office, campaign=campaign)


@pytest.fixture
def campaign(cast: Cast) -> Campaign:
    return launch(cast)


def draft_registration(cast: Cast, campaign: Campaign, *, works: int = 1) -> Registration:
    officer = cast.commune_officer
    registration = services.registration_create(actor=officer, campaign=campaign, unit=cast.commune)
    services.target_add(
        actor=officer,
        registration=registration,
        name="Đường giao thông nông thôn được nhựa hoá",
        measure="km",
        baseline=0,
        target_value=100,
    )
    for i in range(works):
        services.key_work_add(actor=officer, registration=registration, name=f"Công trình {i + 1}")
    return registration


def approved_registration(cast: Cast, campaign: Campaign) -> Registration:
    registration = draft_registration(cast, campaign)
    services.registration_submit(actor=cast.commune_officer, registration=registration)
    return services.registration_approve(actor=cast.officer, registration=registration)


@pytest.fixture
def approved(cast: Cast, campaign: Campaign) -> Registration:
    return approved_registration(cast, campaign)


@pytest.fixture
def ntm(db: None) -> Any:
    from thidua.campaigns.models import CriteriaSet

    return CriteriaSet.objects.get(code="NTM-XA", version="2021-2025")
