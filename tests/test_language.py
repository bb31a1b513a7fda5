from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def test_vietnamese_is_served_even_to_an_english_browser(cast: Cast) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    response = client.get("/login/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "vi"


def test_the_language_switch_turns_english_on_and_off(cast: Cast) -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert client.get("/login/").headers["Content-Language"] == "en"
    client.post("/i18n/setlang/", {"language": "vi", "next": "/login/"})
    assert client.get("/login/").headers["Content-Language"] == "vi"


def test_a_system_administrator_account_can_use_the_admin_site(cast: Cast) -> None:
    assert cast.admin.is_staff and cast.admin.is_superuser
    assert not cast.office.is_staff
    response = cast.client_for(cast.admin).get("/admin/")
    assert response.status_code == 200
    assert cast.client_for(cast.office).get("/admin/").status_code == 302


def test_the_menu_offers_imports_only_to_roles_that_may_write(cast: Cast) -> None:
    page = cast.client_for(cast.officer).get("/").content.decode()
    assert 'href="/imports/"' in page and "Nhập dữ liệu" in page
    assert 'href="/imports/"' not in cast.client_for(cast.viewer).get("/").content.decode()


def test_short_dates_are_written_the_vietnamese_way() -> None:
    import datetime as dt

    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override("vi"):
        assert date_format(dt.date(2020, 9, 2), "SHORT_DATE_FORMAT") == "02/09/2020"
