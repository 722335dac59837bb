"""Background work of the incidents app (django-tasks, run by `steadfast worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_webhooks() -> dict:
    from steadfast.incidents.services.notify import deliver_due

    return deliver_due()
