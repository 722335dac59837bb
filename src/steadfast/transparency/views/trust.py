"""The public trust page (no login): published figures and their history, how to verify, the
public key, the transparency centres; the publication files, the yearly trust report (HTML and
PDF), the key at a well-known URL and /.well-known/security.txt (RFC 9116)."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from steadfast.core import signing
from steadfast.core.decorators import public
from steadfast.transparency import report as trust_report
from steadfast.transparency.selectors import publications as pubs


def _key() -> dict:
    public_b64 = signing.public_key_b64()
    return {"algorithm": "Ed25519", "public_key": public_b64, "fingerprint_sha256": signing.fingerprint(public_b64),
            "pem": signing.public_key_pem(), "signs": "RFC 8785 canonical JSON of a publication's \"snapshot\" "
            "and of an audit anchor's \"checkpoint\""}


@public
@require_GET
def trust(request):
    current = pubs.current()
    return render(request, "transparency/trust/page.html", {
        "current": current, "latest": current[0] if current else None,
        "report": trust_report.build(current[0]) if current else None,
        "all": pubs.publications(), "key": _key(), "centres": pubs.centres()})


@public
@require_GET
def publication_file(request, publication_id: int):
    publication = pubs.publication(publication_id=publication_id)
    response = HttpResponse(json.dumps(publication.document(), indent=2, ensure_ascii=False) + "\n",
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="steadfast-figures-{publication.period_label}.json"'
    return response


@public
@require_GET
def report(request, publication_id: int):
    publication = pubs.publication(publication_id=publication_id)
    return render(request, "transparency/trust/report.html", {"r": trust_report.build(publication),
                                                              "steps": trust_report.VERIFY_STEPS})


@public
@require_GET
def report_pdf(request, publication_id: int):
    publication = pubs.publication(publication_id=publication_id)
    response = HttpResponse(trust_report.pdf(trust_report.build(publication)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="trust-report-{publication.period_label}.pdf"'
    return response


@public
@require_GET
def publication_key(request):
    return JsonResponse(_key())


@public
@require_GET
def security_txt(request):
    base = settings.STEADFAST_BASE_URL.rstrip("/")
    expires = (timezone.now() + dt.timedelta(days=180)).replace(microsecond=0).astimezone(dt.UTC)
    lines = [f"Contact: {contact}" for contact in settings.STEADFAST_SECURITY_CONTACT]
    lines += [f"Expires: {expires:%Y-%m-%dT%H:%M:%SZ}", "Preferred-Languages: en",
              f"Canonical: {base}/.well-known/security.txt", f"Policy: {base}{reverse('transparency:trust')}#disclosure"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
