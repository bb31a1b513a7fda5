"""factory-boy factories that create objects through the real services."""

from __future__ import annotations

from typing import Any

import factory

from thidua.org import services
from thidua.org.models import Person, Role, Unit, UnitKind, User

PASSWORD = "Thidua-Test-2026!"


class UnitFactory(factory.Factory[Unit]):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Đơn vị thử {n}")
    kind = UnitKind.DEPARTMENT
    parent = None

    @classmethod
    def _create(cls, model_class: type[Unit], *args: Any, **kwargs: Any) -> Unit:
        return services.unit_create(actor=None, **kwargs)


class PersonFactory(factory.Factory[Person]):
    class Meta:
        model = Person

    code = factory.Sequence(lambda n: f"P{n:06d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    gender = "male"
    unit = factory.SubFactory(UnitFactory)
    title = "Chuyên viên"
    birth_year = 1985

    @classmethod
    def _create(cls, model_class: type[Person], *args: Any, **kwargs: Any) -> Person:
        return services.person_create(actor=None, **kwargs)


class UserFactory(factory.Factory[User]):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password = PASSWORD
    role = Role.OFFICER
    unit = factory.SubFactory(UnitFactory)
    full_name = factory.Sequence(lambda n: f"Cán bộ {n}")

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        return services.account_create(actor=None, **kwargs)
