"""Fixtures for the nominations pages: reuse the commendation domain's builders."""

from tests.awards_domain.conftest import fighter, nominate, person, upload

__all__ = ["fighter", "nominate", "person", "upload"]
