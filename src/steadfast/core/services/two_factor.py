"""Two-factor enrolment: the authenticator-app (TOTP) device a user sets up from their profile.
Confirming and removing devices are in `accounts` (confirm_totp_device, remove_totp_devices)."""

from __future__ import annotations

import base64

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from steadfast.core.services.audit import record_event

DEVICE_NAME = "Authenticator app"


def start_totp_enrolment(*, actor, user) -> TOTPDevice:
    """The user's unconfirmed device: created on the first call (audit event start_two_factor),
    the same one on later calls until a code from it confirms it, so the QR code shown stays valid."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
            # The key never goes into the audit trail: only that an enrolment began.
            record_event(actor=actor, verb="start_two_factor", instance=user, changes={})
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The device's key in base32, for typing into an authenticator app that cannot scan the QR code."""
    return base64.b32encode(device.bin_key).decode()
