"""Campaign fixtures built through the real services, on top of the standing cast."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.conftest import Cast
from tests.factories import UnitFactory
from thidua.campaigns import services
from thidua.campaigns.models import Campaign, CriteriaSet, Registration
from thidua.org.models import Unit, UnitKind, User

START = dt.date(2020, 5, 15)
DEADLINE = dt.date(2020, 9, 2)


def png_bytes(size: tuple[int, int] = (800, 600), fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(out, format=fmt)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def draft_campaign(cast: Cast, **overrides: Any) -> Campaign:
    fields: dict[str, Any] = {
        "code": "BL-2020-DH",
        "name": "Thi đua lập thành tích chào mừng đại hội Đảng bộ các cấp",
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
    return services.campaign_create(actor=cast.office, **fields)


def launched_campaign(cast: Cast, **overrides: Any) -> Campaign:
    campaign = draft_campaign(cast, **overrides)
    services.campaign_participant_add(
        actor=cast.office, campaign=campaign, unit=cast.district, include_subtree=True
    )
    services.campaign_participant_add(actor=cast.office, campaign=campaign, unit=cast.department)
    return services.campaign_launch(actor=cast.office, campaign=campaign)


def registered(
    campaign: Campaign,
    unit: Unit,
    officer: User,
    *,
    approver: User,
    targets: int = 1,
    key_works: int = 1,
) -> Registration:
    """A registration with simple value targets and key works, submitted and approved."""
    registration = services.registration_create(actor=officer, campaign=campaign, unit=unit)
    for i in range(targets):
        services.target_add(
            actor=officer,
            registration=registration,
            name=f"Chỉ tiêu {i + 1}",
            baseline=0,
            target_value=100,
        )
    for i in range(key_works):
        services.key_work_add(actor=officer, registration=registration, name=f"Công trình {i + 1}")
    services.registration_submit(actor=officer, registration=registration)
    return services.registration_approve(actor=approver, registration=registration)


@dataclass
class Commune:
    unit: Unit
    officer: User


def add_communes(cast: Cast, n: int, *, prefix: str = "C") -> list[Commune]:
    from tests.factories import UserFactory
    from thidua.org.models import Role

    result = []
    for i in range(n):
        unit = UnitFactory.create(
            code=f"BL-HD-{prefix}{i:03d}",
            name=f"Xã thử {prefix}{i}",
            kind=UnitKind.COMMUNE,
            parent=cast.district,
        )
        officer = UserFactory.create(
            username=f"officer-{prefix.lower()}{i}", role=Role.OFFICER, unit=unit
        )
        result.append(Commune(unit=unit, officer=officer))
    return result


@pytest.fixture
def ntm(db: None) -> CriteriaSet:
    """The seeded national new-rural commune set."""
    return CriteriaSet.objects.get(code="NTM-XA", version="2021-2025")
