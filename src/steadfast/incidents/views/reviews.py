"""The post-incident review section of the war room."""

from __future__ import annotations

from django.http import Http404
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required
from steadfast.incidents import forms_reviews, selectors, services
from steadfast.incidents.views.actions import _act

CHANGE = ("incidents", "change")


def _review_or_404(request, incident_id: int):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    review = selectors.review(user=request.user, incident=incident)
    if review is None:
        raise Http404
    return incident, review


@require_POST
@policy_required(*CHANGE)
def review_save(request, incident_id: int):
    incident, review = _review_or_404(request, incident_id)
    form = forms_reviews.ReviewForm(request.POST)
    if request.POST.get("complete"):
        def call(data):
            services.complete_review(actor=request.user, review=services.update_review(actor=request.user, review=review,
                                                                                        **data))
        return _act(request, incident, form, call, "Review completed: the incident can be closed.")
    return _act(request, incident, form, lambda d: services.update_review(actor=request.user, review=review, **d),
                "Review saved.")


@require_POST
@policy_required(*CHANGE)
def review_action_add(request, incident_id: int):
    incident, review = _review_or_404(request, incident_id)
    return _act(request, incident, forms_reviews.ReviewActionForm(request.POST),
                lambda d: services.add_review_action(actor=request.user, review=review, **d), "Action added.")


@require_POST
@policy_required(*CHANGE)
def review_action_close(request, incident_id: int, action_id: int):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    action = selectors.review_action(user=request.user, incident=incident, action_id=action_id)
    return _act(request, incident, forms_reviews.CloseActionForm(request.POST),
                lambda d: services.close_review_action(actor=request.user, action=action, note=d["note"]), "Action closed.")
