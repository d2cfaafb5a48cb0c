"""The permission table: every action of every domain decided for all six roles, once."""

from __future__ import annotations

import pytest

from xinzhi import app
from xinzhi.common import permissions
from xinzhi.core.errors import Forbidden, Unauthorized
from xinzhi.core.models import Role
from xinzhi.core.security import ANONYMOUS, Principal


@pytest.fixture(scope="module")
def table() -> dict[str, frozenset[Role]]:
    app.api_routers()  # loads every domain's API and with it its access module
    return permissions.rules()


def test_each_domain_defines_its_actions(table: dict[str, frozenset[Role]]) -> None:
    domains = {action.split(".")[0] for action in table}
    assert {"catalog", "matching", "patents", "enterprise"} <= domains


@pytest.mark.parametrize("role", list(Role))
def test_every_action_answers_for_every_role(table: dict[str, frozenset[Role]], role: Role) -> None:
    signed_in = Principal(user_id=1, username="u", role=role, organisation_id=1)
    for action, roles in table.items():
        assert permissions.allowed(signed_in, action) == (role in roles)
        if role in roles:
            permissions.require(signed_in, action)
        else:
            with pytest.raises(Forbidden):
                permissions.require(signed_in, action)


def test_the_anonymous_public_is_asked_to_log_in(table: dict[str, frozenset[Role]]) -> None:
    for action, roles in table.items():
        if Role.PUBLIC in roles:
            permissions.require(ANONYMOUS, action)
        else:
            with pytest.raises(Unauthorized):
                permissions.require(ANONYMOUS, action)


def test_an_action_cannot_be_redefined_with_other_roles(table: dict[str, frozenset[Role]]) -> None:
    action = next(iter(table))
    with pytest.raises(ValueError, match="defined twice"):
        permissions.define({action: frozenset(Role) - table[action] or {Role.PUBLIC}})
    with pytest.raises(KeyError):
        permissions.allowed(ANONYMOUS, "no.such.action")
