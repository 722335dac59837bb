"""Starting two-factor enrolment from the profile: one unconfirmed device, created once and audited,
its key shown in base32 and never written to the audit trail."""

from __future__ import annotations

import base64

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from steadfast.core.models import AuditEvent


def test_enrolment_page_creates_one_audited_device_and_shows_its_key(role_users):
    user = role_users["privacy_officer"]
    client = Client()
    client.force_login(user)
    before = AuditEvent.objects.count()

    first = client.get("/accounts/two-factor/")
    assert first.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode()
    assert secret in first.content.decode()
    events = AuditEvent.objects.filter(verb="start_two_factor")
    assert AuditEvent.objects.count() == before + 1 and events.count() == 1
    assert events.get().object_id == str(user.pk) and secret not in str(events.get().changes)

    again = client.get("/accounts/two-factor/")  # a reload keeps the same device (the QR code stays valid)
    assert secret in again.content.decode()
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert AuditEvent.objects.filter(verb="start_two_factor").count() == 1
