"""scoped(): the two built-in scope kinds, and a kind another app registers without touching core."""

from __future__ import annotations

import pytest

from steadfast.core.roles import Role
from steadfast.core.scoping import ScopeKind, is_scoped, register_scope_kind, scoped, unregister_scope_kind
from steadfast.network.models import Supplier


@pytest.fixture
def three_suppliers(supplier_factory):
    return [supplier_factory(country=country) for country in ("DE", "FR", "JP")]


def refs(queryset) -> set[str]:
    return set(queryset.values_list("ref", flat=True))


def test_supplier_respondent_sees_their_supplier_only(three_suppliers, make_user):
    respondent = make_user(Role.SUPPLIER_RESPONDENT, supplier=three_suppliers[1])
    assert refs(scoped(Supplier.objects.all(), user=respondent, supplier="pk")) == {three_suppliers[1].ref}
    assert not scoped(Supplier.objects.all(), user=respondent, customer="customers").exists()  # no path, no access
    assert is_scoped(respondent)


def test_unscoped_roles_see_everything_and_anonymous_nothing(three_suppliers, make_user):
    from django.contrib.auth.models import AnonymousUser

    analyst = make_user(Role.RISK_ANALYST)
    assert refs(scoped(Supplier.objects.all(), user=analyst)) == {s.ref for s in three_suppliers}
    assert not is_scoped(analyst)
    assert not scoped(Supplier.objects.all(), user=AnonymousUser(), supplier="pk").exists()
    assert not scoped(Supplier.objects.all(), user=None, supplier="pk").exists()


@pytest.fixture
def auditors_see_countries():
    """A kind as an app would register it (named apart from the transparency app's real "country"
    kind): the countries a role oversees, many values."""
    kind = register_scope_kind(ScopeKind("oversight", roles=frozenset({Role.AUDITOR}), many=True,
                                         value=lambda user: ["DE", "JP"]))
    yield kind
    unregister_scope_kind("oversight")


def test_registered_scope_kind_narrows_its_role(three_suppliers, make_user, auditors_see_countries):
    auditor = make_user(Role.AUDITOR)
    assert is_scoped(auditor)
    assert refs(scoped(Supplier.objects.all(), user=auditor, oversight="country")) == {
        three_suppliers[0].ref, three_suppliers[2].ref}
    # Selectors written before the kind existed name no country path: the auditor sees nothing there.
    assert not scoped(Supplier.objects.all(), user=auditor, supplier="pk").exists()
    # Other roles are unaffected by the new keyword.
    respondent = make_user(Role.SUPPLIER_RESPONDENT, supplier=three_suppliers[1])
    assert refs(scoped(Supplier.objects.all(), user=respondent, supplier="pk", oversight="country")) == {
        three_suppliers[1].ref}


def test_unknown_scope_keyword_is_an_error(make_user):
    with pytest.raises(TypeError, match="unknown scope kinds \\['contry'\\]"):
        scoped(Supplier.objects.all(), user=make_user(Role.AUDITOR), contry="country")


def test_a_role_cannot_get_two_scope_kinds():
    with pytest.raises(ValueError, match="already have scope kind 'supplier'"):
        register_scope_kind(ScopeKind("vendor", roles=frozenset({Role.SUPPLIER_RESPONDENT}), value=lambda u: 1))
