from __future__ import annotations

from tests.imports.conftest import make_xlsx  # noqa: F401  (the .xlsx maker fixture)
