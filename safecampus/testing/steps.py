"""The step contract, for every workflow: for each role × state, the steps offered are exactly those that succeed.

For each scenario (a record in some state) and each user, every declared step is
posted through the API inside a savepoint that is rolled back, so one record
serves all of them: an offered step answers 200 with valid input; one not
offered answers 403 when the user's role does not allow it, else 409. The
record's detail lists the same steps as `allowed_steps`. Users who cannot see the
record at all are left to the scope contract (404 everywhere).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from rest_framework.test import APIClient

from safecampus.core.steps import Workflow

Payload = Callable[[Any], dict[str, Any]]


def check_steps(
    workflow: Workflow,
    url: Callable[[Any], str],
    scenarios: dict[str, Callable[[], Any]],
    users: dict[str, Any],
    payloads: dict[str, Payload],
    multipart: set[str] = frozenset(),  # type: ignore[assignment]
) -> dict[tuple[str, str], set[str]]:
    """Run the contract; return {(scenario, user name): offered verbs} so callers can assert expectations too."""
    missing = set(workflow.steps) - set(payloads)
    assert not missing, f"give a valid payload for every declared step: {sorted(missing)}"
    offered_by: dict[tuple[str, str], set[str]] = {}
    problems = []
    for scenario, make in scenarios.items():
        record = make()
        for name, user in users.items():
            client = APIClient()
            client.force_authenticate(user)
            detail = client.get(url(record))
            if detail.status_code == 404:
                continue  # outside the user's area: the scope contract's business (404 for every step)
            current = workflow.fresh(record)
            offered = {step.verb for step in workflow.offered(user, current)}
            offered_by[(scenario, name)] = offered
            listed = detail.json().get("allowed_steps")
            if listed is not None and set(listed) != offered:
                problems.append(f"{scenario}/{name}: allowed_steps {sorted(listed)} ≠ offered {sorted(offered)}")
            for verb, step in workflow.steps.items():
                if verb in offered:
                    expected = 200
                elif not step.allowed_role(user, current):
                    expected = 403
                else:
                    expected = 409
                data = payloads[verb](workflow.fresh(record))
                with transaction.atomic():
                    response = client.post(
                        f"{url(record)}{verb}/", data, format="multipart" if verb in multipart else "json"
                    )
                    transaction.set_rollback(True)
                if response.status_code != expected:
                    problems.append(
                        f"{scenario}/{name}/{verb}: {response.status_code}, expected {expected}: "
                        f"{response.content[:160].decode(errors='replace')}"
                    )
    assert not problems, "\n".join(problems)
    return offered_by
