"""A launched campaign on top of the cast, with registrations in three states, and token
clients for every role (the permission matrix and the behaviour tests share it)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from tests.campaigns.conftest import launched_campaign
from tests.conftest import Cast
from tests.factories import UnitFactory
from thidua.api import services as api_services
from thidua.campaigns import services
from thidua.campaigns.models import Campaign, KeyWork, Registration, Target
from thidua.org.models import Unit, UnitKind

ROLES = (
    "admin",
    "office",
    "officer",
    "commune_officer",
    "council",
    "leader",
    "viewer",
    "outsider",
    "anonymous",
    "bad_token",
)


def client_for(cast: Cast, role: str) -> Client:
    if role == "anonymous":
        return Client()
    if role == "bad_token":
        return Client(HTTP_AUTHORIZATION="Bearer thd_" + "A" * 43)
    user = getattr(cast, role)
    _token, secret = api_services.token_create(actor=None, user=user, name="campaigns")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@dataclass
class World:
    cast: Cast
    campaign: Campaign
    commune_reg: Registration  # approved: progress is reported on it
    district_reg: Registration  # draft: targets and key works are added to it
    department_reg: Registration  # submitted: approved or returned
    commune_target: Target
    commune_work: KeyWork
    spare_commune: Unit  # participates, not registered yet

    def client(self, role: str) -> Client:
        return client_for(self.cast, role)


@pytest.fixture
def world(cast: Cast) -> World:
    spare = UnitFactory.create(
        code="BL-HD-NQ", name="Xã Ninh Quới", kind=UnitKind.COMMUNE, parent=cast.district
    )
    campaign = launched_campaign(cast)
    commune_reg = services.registration_create(
        actor=cast.commune_officer, campaign=campaign, unit=cast.commune
    )
    target = services.target_add(
        actor=cast.commune_officer,
        registration=commune_reg,
        name="Đường giao thông nông thôn được mở rộng",
        measure="km",
        baseline=0,
        target_value=4,
    )
    work = services.key_work_add(
        actor=cast.commune_officer,
        registration=commune_reg,
        name="Mở rộng tuyến đường ấp",
        milestones=[("Khởi công", None), ("Hoàn thành", None)],
    )
    services.registration_submit(actor=cast.commune_officer, registration=commune_reg)
    services.registration_approve(actor=cast.officer, registration=commune_reg)

    district_reg = services.registration_create(
        actor=cast.officer, campaign=campaign, unit=cast.district
    )
    services.target_add(
        actor=cast.officer, registration=district_reg, name="Thu ngân sách", target_value=100
    )
    services.key_work_add(actor=cast.officer, registration=district_reg, name="Đường huyện")

    department_reg = services.registration_create(
        actor=cast.admin, campaign=campaign, unit=cast.department
    )
    services.target_add(
        actor=cast.admin,
        registration=department_reg,
        name="Hồ sơ giải quyết đúng hạn",
        measure="%",
        baseline=90,
        target_value=100,
    )
    services.key_work_add(actor=cast.admin, registration=department_reg, name="Một cửa điện tử")
    services.registration_submit(actor=cast.admin, registration=department_reg)
    return World(
        cast=cast,
        campaign=campaign,
        commune_reg=commune_reg,
        district_reg=district_reg,
        department_reg=department_reg,
        commune_target=target,
        commune_work=work,
        spare_commune=spare,
    )
