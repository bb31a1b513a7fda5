"""Honor-board data built through the real services on top of the standing cast: profiles of
a commune (collective) and of a district person (individual), and an issued commendation
decision (an LDTT nomination needs no ballot) made with the awards tests' helpers."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from tests.awards_decisions.conftest import DAY, draft, ldtt
from tests.awards_domain.conftest import person
from tests.conftest import Cast
from thidua.awards import services as awards_services
from thidua.awards.models import Decision
from thidua.honors import services
from thidua.honors.models import Profile, Sector, SubjectKind
from thidua.org.models import Person, Unit

STORY = "Xã vận động người dân hiến đất, góp công mở rộng tuyến đường liên ấp."


@pytest.fixture(autouse=True)
def _vietnamese(settings: Any) -> Iterator[None]:
    """Pages and service messages in Vietnamese, as users see them."""
    settings.LANGUAGE_CODE = "vi"
    with translation.override("vi"):
        yield


def jpeg_bytes(
    size: tuple[int, int] = (1600, 1000), color: tuple[int, int, int] = (200, 60, 40)
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG")
    return out.getvalue()


def photo_upload(name: str = "anh.jpg", content: bytes | None = None) -> Any:
    return SimpleUploadedFile(name, content or jpeg_bytes(), content_type="image/jpeg")


def collective(cast: Cast, unit: Unit | None = None, *, title: str = "", **fields: Any) -> Profile:
    unit = unit or cast.commune
    return services.profile_create(
        actor=cast.office,
        subject=SubjectKind.COLLECTIVE,
        unit=unit,
        title=title or f"{unit.name}: chung sức làm đường nông thôn",
        summary=fields.pop("summary", "Mô hình huy động sức dân làm đường giao thông."),
        story=fields.pop("story", STORY),
        sector=fields.pop("sector", Sector.NEW_RURAL),
        **fields,
    )


def individual(cast: Cast, who: Person, *, title: str = "", **fields: Any) -> Profile:
    return services.profile_create(
        actor=cast.office,
        subject=SubjectKind.INDIVIDUAL,
        person=who,
        title=title or f"{who.full_name}: tận tụy với công việc",
        summary=fields.pop("summary", "Cán bộ mẫu mực, nhiều năm hoàn thành xuất sắc nhiệm vụ."),
        story=fields.pop("story", "Chị luôn đi đầu trong cải cách hành chính."),
        sector=fields.pop("sector", Sector.ADMINISTRATION),
        **fields,
    )


def publish(cast: Cast, profile: Profile) -> Profile:
    return services.profile_publish(actor=cast.office, profile=profile)


def issued_decision(cast: Cast, people: list[tuple[str, str]] | None = None) -> Decision:
    """An issued provincial decision giving LDTT 2020 to district people."""
    people = people or [("P-HB-1", "Trần Thị Hồng Bích"), ("P-HB-2", "Lê Văn Phước")]
    nominations = [ldtt(cast, code, name) for code, name in people]
    decision = draft(cast, nominations)
    return awards_services.decision_issue(
        actor=cast.leader, decision=decision, date=DAY, render=False
    )


def replicate(
    cast: Cast, profile: Profile, unit: Unit, *, accept: bool = True, actor: Any = None
) -> Any:
    rep = services.replication_record(
        actor=actor or cast.office,
        profile=profile,
        unit=unit,
        date=dt.date(2020, 10, 1),
        action="Áp dụng cách vận động hiến đất làm đường.",
    )
    if accept:
        rep = services.replication_review(actor=cast.office, replication=rep, accept=True)
    return rep


__all__ = ["person"]
