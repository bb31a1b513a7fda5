"""API fuzzing: schemathesis drives every operation of /api/v1/openapi.json with a valid
token (the emulation office's, then a commune officer's, whose narrow scope makes most of the
dataset's ids answer 403/404) over the quality dataset and checks that the server never
answers 5xx and that every answer conforms to the schema (status code documented, content
type, headers, body).

The schema is read from the running Django app (WSGI, in-process) when the test runs, so any
router added to ``thidua/api/api.py`` is fuzzed without touching this file.  Path parameters
are drawn half from the dataset's real ids/codes (to reach the code behind the 404) and half
from whatever the schema allows.  Each operation gets schema-valid (positive) and
schema-invalid (negative) cases; Hypothesis is derandomized: the same cases on every run.

The operations run one after another in ONE test over ONE dataset (building the dataset per
operation would cost more than the fuzzing), and every failing operation is reported.
(schemathesis' own pytest integration, ``from_fixture(...).parametrize()``, does not run
under pytest 9: it writes ``request.node._nodeid``.)
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import hypothesis.strategies as st
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi import checks as openapi_checks

from tests.quality.conftest import Dataset
from thidua.api import services as api_services

# Examples per operation and generation mode: about 40 operations, ~30 s on SQLite.
MAX_EXAMPLES = 10
# The second pass, as a commune officer (a narrow scope: most ids of the dataset are outside
# it, so the 403/404 answers are drawn and must be documented too), schema-valid cases only.
SCOPED_EXAMPLES = 4

CHECKS = [
    schemathesis.checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.response_schema_conformance,
]
FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


def _known_values(dataset: Dataset, path: str, name: str) -> list[object]:
    segment = path.removeprefix("/api/v1").strip("/").split("/", 1)[0]
    return dataset.ids.get(f"{segment}.{name}") or dataset.ids.get(name) or []


def load_schema(dataset: Dataset, token: str) -> Any:
    """The live schema, with a hook that mixes the dataset's ids into path parameters."""
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", WSGIHandler(), headers={"Authorization": f"Bearer {token}"}
    )

    @schema.hook
    def flatmap_path_parameters(ctx: Any, path_parameters: dict[str, Any]) -> Any:
        options = {}
        for name, value in (path_parameters or {}).items():
            known = _known_values(dataset, ctx.operation.path, name)
            options[name] = st.sampled_from([value, *known]) if known else st.just(value)
        return st.fixed_dictionaries(options)

    return schema


def fuzz_operation(
    operation: Any, mode: GenerationMode, token: str, examples: int = MAX_EXAMPLES
) -> list[str]:
    """Run one operation in one mode; return the failure report (empty when all passed)."""
    sent: list[int] = []

    @settings(FUZZ_SETTINGS, max_examples=examples)
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        sent.append(1)
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        # No schema-violating value exists for this operation (e.g. a free-form string path
        # parameter): nothing to send in negative mode.
        if mode is GenerationMode.NEGATIVE:
            return []
        return [f"{operation.label} [{mode.value}]: no case could be generated"]
    except (Exception, BaseExceptionGroup) as exc:  # failed checks, or a generation error
        text = "".join(traceback.format_exception_only(exc)).strip()
        return [f"{operation.label} [{mode.value}]:\n{text}"]
    if not sent and mode is GenerationMode.POSITIVE:
        return [f"{operation.label} [{mode.value}]: no case could be generated"]
    return []


@contextmanager
def connections_kept_open() -> Iterator[None]:
    """As Django's test client does: the WSGI handler must not close the database connection
    between requests (it would close it on PostgreSQL, the test's transaction being open)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_api_conforms_and_never_fails(dataset: Dataset) -> None:
    with connections_kept_open():
        _fuzz_everything(dataset)


def _fuzz_everything(dataset: Dataset) -> None:
    _token, secret = api_services.token_create(
        actor=None, user=dataset.cast.office, name="schemathesis"
    )
    _token, scoped = api_services.token_create(
        actor=None, user=dataset.cast.commune_officer, name="schemathesis-commune"
    )
    schema = load_schema(dataset, secret)
    failures: list[str] = []
    labels: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()  # an operation the schema cannot describe is a failure too
        labels.append(operation.label)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failures += fuzz_operation(operation, mode, secret)
        failures += [
            f"[commune officer] {failure}"
            for failure in fuzz_operation(
                operation, GenerationMode.POSITIVE, scoped, examples=SCOPED_EXAMPLES
            )
        ]
    # The routers of the apps are all there (a router silently dropped would pass vacuously).
    for expected in ("GET /api/v1/units", "GET /api/v1/campaigns", "GET /api/v1/nominations"):
        assert expected in labels
    assert not failures, f"{len(failures)} failing operation(s):\n\n" + "\n\n".join(failures)
