"""Writes about people: accounts, roles, two-factor requirements."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from steadfast.core.models import RoleSettings, User
from steadfast.core.roles import Role
from steadfast.core.services import crud
from steadfast.core.services.audit import record_event


def _check_role_and_scope(role: str, supplier, customer) -> None:
    if role not in Role.values:
        raise ValidationError({"role": f"unknown role {role!r}; choose one of {', '.join(Role.values)}"})
    if role == Role.SUPPLIER_RESPONDENT and supplier is None:
        raise ValidationError({"supplier": "a supplier respondent needs the supplier they answer for"})
    if role == Role.CUSTOMER_VIEWER and customer is None:
        raise ValidationError({"customer": "a customer viewer needs the customer they look at"})
    if role != Role.SUPPLIER_RESPONDENT and supplier is not None:
        raise ValidationError({"supplier": "only supplier respondents are tied to a supplier"})
    if role != Role.CUSTOMER_VIEWER and customer is not None:
        raise ValidationError({"customer": "only customer viewers are tied to a customer"})


def create_user(*, actor, username: str, role: str, password: str, email: str = "",
                supplier=None, customer=None) -> User:
    _check_role_and_scope(role, supplier, customer)
    with transaction.atomic():
        user = User(username=username, email=email, role=role, supplier=supplier, customer=customer)
        validate_password(password, user)
        user.set_password(password)
        user.full_clean()
        user.save()
        record_event(actor=actor, verb="create", instance=user,
                     changes={k: [None, v] for k, v in crud.snapshot(user).items()})
        return user


def change_role(*, actor, user: User, role: str, supplier=None, customer=None) -> User:
    return update_user(actor=actor, user=user, role=role, supplier=supplier, customer=customer,
                       is_active=user.is_active, email=user.email)


def set_active(*, actor, user: User, active: bool) -> User:
    return update_user(actor=actor, user=user, role=user.role, supplier=user.supplier, customer=user.customer,
                       is_active=active, email=user.email)


def update_user(*, actor, user: User, role: str, is_active: bool, email: str = "", supplier=None,
                customer=None) -> User:
    """Change someone's role, scope, e-mail or whether they may sign in (one audit event).

    A deactivated account can no longer sign in, its open sessions end at their next request and its
    API tokens stop working. Nobody can deactivate or demote their own account: an administrator
    cannot lock the last way in by accident.
    """
    _check_role_and_scope(role, supplier, customer)
    if actor is not None and actor.pk == user.pk:
        if not is_active:
            raise ValidationError({"is_active": "you cannot deactivate your own account"})
        if role != user.role:
            raise ValidationError({"role": "you cannot change your own role; ask another administrator"})
    return crud.update(actor=actor, instance=user, role=role, supplier=supplier, customer=customer,
                       is_active=is_active, email=email)


def change_password(*, actor, user: User, password: str) -> None:
    with transaction.atomic():
        validate_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        # Never record the hash itself: that would put a crackable secret in the permanent log.
        record_event(actor=actor, verb="password_change", instance=user, changes={})


def require_two_factor(*, actor, role: str, required: bool) -> RoleSettings:
    with transaction.atomic():
        current = RoleSettings.objects.filter(role=role).first()
        if current is None:
            return crud.create(actor=actor, model=RoleSettings, role=role, require_two_factor=required)
        return crud.update(actor=actor, instance=current, require_two_factor=required)


def two_factor_required(role: str) -> bool:
    return RoleSettings.objects.filter(role=role, require_two_factor=True).exists()


def confirm_totp_device(*, actor, device) -> None:
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record_event(actor=actor, verb="enable_two_factor", instance=actor, changes={})


def remove_totp_devices(*, actor, user: User) -> int:
    with transaction.atomic():
        count, _ = TOTPDevice.objects.filter(user=user).delete()
        if count:
            record_event(actor=actor, verb="disable_two_factor", instance=user, changes={})
        return count
