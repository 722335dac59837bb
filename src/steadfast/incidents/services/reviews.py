"""Post-incident reviews: opened at resolution, due a set number of days later, reminded, and
completed before the incident may close; action items tracked to closure."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from steadfast.core.services import crud
from steadfast.incidents.models import Incident, PostIncidentReview, ReviewAction, TimelineKind
from steadfast.incidents.services.common import timeline
from steadfast.incidents.services.work import _staff

REVIEW_TEXT_FIELDS = ("timeline_summary", "contributing_factors", "went_well", "went_badly")
REMIND_BEFORE = dt.timedelta(days=2)
REMIND_EVERY = dt.timedelta(days=1)


def review_days() -> int:
    return int(getattr(settings, "STEADFAST_INCIDENT_REVIEW_DAYS", 10))


def open_review(*, actor, incident: Incident) -> PostIncidentReview:
    existing = PostIncidentReview.objects.filter(incident=incident).first()
    if existing is not None:
        return existing
    due = incident.resolved_at + dt.timedelta(days=review_days())
    review = crud.create(actor=actor, model=PostIncidentReview, incident=incident, due_at=due)
    timeline(incident=incident, kind=TimelineKind.TASK, actor=actor, at=incident.resolved_at,
             text=f"Post-incident review due {due:%Y-%m-%d}")
    return review


def update_review(*, actor, review: PostIncidentReview, **fields) -> PostIncidentReview:
    unknown = set(fields) - set(REVIEW_TEXT_FIELDS)
    if unknown:
        raise ValidationError({name: "not a field of a review" for name in sorted(unknown)})
    if review.completed_at is not None:
        raise ValidationError({"review": "the review is completed; it can no longer be edited"})
    return crud.update(actor=actor, instance=review, **{k: (v or "").strip() for k, v in fields.items()})


def complete_review(*, actor, review: PostIncidentReview, at: dt.datetime | None = None) -> PostIncidentReview:
    for name in ("timeline_summary", "contributing_factors"):
        if not getattr(review, name).strip():
            raise ValidationError({name: "a completed review says what happened and why; fill this in first"})
    if review.completed_at is not None:
        return review
    with transaction.atomic():
        review = crud.update(actor=actor, instance=review, completed_at=at or timezone.now())
        timeline(incident=review.incident, kind=TimelineKind.TASK, actor=actor, at=review.completed_at,
                 text="Post-incident review completed")
        return review


def add_review_action(*, actor, review: PostIncidentReview, title: str, owner, due_date: dt.date) -> ReviewAction:
    if not (title or "").strip():
        raise ValidationError({"title": "say what will be done"})
    if due_date is None:
        raise ValidationError({"due_date": "give a due date"})
    return crud.create(actor=actor, model=ReviewAction, review=review, title=title.strip(), owner=_staff(owner),
                       due_date=due_date)


def close_review_action(*, actor, action: ReviewAction, note: str = "") -> ReviewAction:
    if action.closed_at is not None:
        return action
    return crud.update(actor=actor, instance=action, closed_at=timezone.now(), closing_note=note.strip()[:500])


def send_review_reminders(*, now: dt.datetime | None = None) -> int:
    """E-mail the current commander of every incident whose review is due within two days or
    overdue (at most once a day each). Returns how many reminders went out."""
    now = now or timezone.now()
    due = (PostIncidentReview.objects.filter(completed_at__isnull=True, due_at__lte=now + REMIND_BEFORE)
           .exclude(reminded_at__gt=now - REMIND_EVERY).select_related("incident"))
    messages, reminded = [], []
    for review in due:
        commander = (review.incident.role_assignments.filter(role="commander").select_related("person")
                     .order_by("-assumed_at").first())
        if commander is None or not commander.person.email:
            continue
        state = "is overdue" if review.due_at < now else f"is due {review.due_at:%Y-%m-%d}"
        messages.append((f"[Steadfast] Post-incident review of {review.incident.ref} {state}",
                         f"The post-incident review of {review.incident} {state}.\n", None, [commander.person.email]))
        reminded.append(review)
    with transaction.atomic():
        for review in reminded:
            crud.update(actor=None, instance=review, reminded_at=now)
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return len(reminded)
