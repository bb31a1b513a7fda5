"""Shapes of what the API answers (documented in the OpenAPI schema)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class ErrorOut(Schema):
    detail: str
    code: str


class FieldErrorOut(Schema):
    field: str
    message: str


class ValidationErrorOut(ErrorOut):
    errors: list[FieldErrorOut]


class UnitRef(Schema):
    code: str
    name: str


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    parent: str | None
    depth: int
    active_from: dt.date | None
    active_to: dt.date | None


class SuccessionRef(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    date: dt.date
    decision_number: str


class FormerName(Schema):
    name: str
    until: dt.date
    decision_number: str


class UnitDetailOut(UnitOut):
    address: str
    ancestors: list[str]
    predecessors: list[SuccessionRef]
    successors: list[SuccessionRef]
    former_names: list[FormerName]


class UnitPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[UnitOut]


class PersonOut(Schema):
    code: str
    full_name: str
    gender: str
    birth_year: int | None
    ethnicity: str
    category: str
    unit: str | None
    unit_name: str | None
    title: str


class PositionOut(Schema):
    unit: str
    unit_name: str
    title: str
    start_date: dt.date | None
    end_date: dt.date | None


class PersonDetailOut(PersonOut):
    positions: list[PositionOut]


class PersonPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PersonOut]


class TokenInfo(Schema):
    prefix: str
    name: str
    expires_at: dt.datetime | None


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    role_label: str
    is_system_admin: bool
    unit: UnitRef | None
    token: TokenInfo | None
