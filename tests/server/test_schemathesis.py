"""Schemathesis against the app in-process (WSGI), with a valid token: bad input never 500s.

Every operation of the OpenAPI document gets generated positive (schema-valid) and negative
(schema-violating) requests; each response must not be a 5xx and must conform to the
document (status, content type, body schema). The run's figures are printed (``-s``).
``TOPOFMIND_SCHEMATHESIS_EXAMPLES`` sets the examples per operation and mode (default 15).
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("TOPOFMIND_SCHEMATHESIS_EXAMPLES", "15"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _fuzz(operation, mode, headers, cases: Counter, statuses: Counter, failures: list,
          path_parameters: dict | None = None) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    def exercise(case):
        response = case.call(headers=headers)
        cases[mode.value] += 1
        statuses[f"{response.status_code // 100}xx"] += 1
        try:
            checks = CHECKS + [negative_data_rejection] if mode is GenerationMode.NEGATIVE else CHECKS
            case.validate_response(response, checks=checks)
        except Exception as exc:  # schemathesis' Failure, or a FailureGroup of several
            failures.append(f"{case.method} {case.formatted_path} [{mode.value}] "
                                f"{response.status_code}: {str(exc)[:300]}")

    exercise()


@pytest.mark.slow
def test_schemathesis_finds_no_server_errors_and_no_schema_violations(app, world):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    # Deleting all data first would leave the other operations nothing to find: run it last.
    operations.sort(key=lambda op: op.method.upper() == "DELETE")
    headers = {"Authorization": f"Bearer {world.token_a}"}
    cases, statuses, failures = Counter(), Counter(), []

    # Random ids mostly miss; a second round pins the path to A's real records so that the
    # generated bodies reach the code behind the 404 check.
    action_ids = [a["id"] for a in app.test_client().get("/api/v1/actions", headers=headers).json["actions"]]
    real = {"person_id": world.ids["a_person"], "opportunity_id": world.ids["a_opportunity"],
            "audit_id": world.ids["a_audit"], "action_id": action_ids[0], "touch_id": world.ids["a_touch"]}
    for operation in operations:
        names = [p.name for p in operation.path_parameters]
        pinned = {n: real[n] for n in names} if names else None
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, headers, cases, statuses, failures)
            if pinned:
                _fuzz(operation, mode, headers, cases, statuses, failures, path_parameters=pinned)

    total = sum(cases.values())
    server_errors = statuses["5xx"]
    print(f"\nschemathesis: {len(operations)} operations, {total} cases "
          f"({cases['positive']} positive, {cases['negative']} negative); status classes "
          f"{dict(sorted(statuses.items()))}; 5xx: {server_errors}; other failures: {len(failures)}")
    assert total >= len(operations) * 2
    assert server_errors == 0, failures[:10]
    assert not failures, failures[:10]
