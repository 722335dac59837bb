"""steadfast figures [--json] [--period YYYY] | publish | verify FILE | proof FILE RECORD_ID (docs/transparency.md)."""

import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from steadfast.transparency.models import Publication
from steadfast.transparency.selectors.figures import Period, figures_json
from steadfast.transparency.services.publications import PublicationError, proofs, publish, verify_document


def _period(value: str | None) -> Period:
    if value is None:
        return Period.year(timezone.localdate().year)
    if not value.isdigit() or len(value) != 4 or not 1900 < int(value) < 2200:
        raise CommandError(f"--period {value!r}: give a year as YYYY, e.g. --period 2025")
    return Period.year(int(value))


def _read(path: str) -> object:
    try:
        with open(path, encoding="utf-8") as stream:
            return json.load(stream)
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"{path} is not a JSON publication: {exc}") from None


def _show(value) -> str:
    return "not computable" if value is None else f"{value:>14,}"


class Command(BaseCommand):
    help = "The published figures: compute them, publish a signed snapshot, verify one, prove a record was counted."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help='print {"period": …, "figures": {name: value}}')
        parser.add_argument("--period", help="a calendar year, YYYY (default: this year)")
        sub = parser.add_subparsers(dest="action")
        pub = sub.add_parser("publish", help="freeze, sign and store the figures of a period")
        pub.add_argument("--period", dest="pub_period", help="a calendar year, YYYY (default: this year)")
        pub.add_argument("--out", required=True, help="where to write the signed publication (JSON)")
        pub.add_argument("--supersedes", help="the SHA-256 of the publication this one corrects")
        pub.add_argument("--note", default="", help="what the correction changes (required with --supersedes)")
        ver = sub.add_parser("verify", help="exit 0 when the publication's signature holds, 1 naming what failed")
        ver.add_argument("file")
        proof = sub.add_parser("proof", help="the Merkle inclusion proof that a record was counted")
        proof.add_argument("file")
        proof.add_argument("record_id")
        proof.add_argument("--figure", default="", help="only this figure (default: every figure that counted it)")

    def handle(self, *args, action=None, **options):
        if action == "publish":
            return self._publish(options)
        if action == "verify":
            return self._verify(options["file"])
        if action == "proof":
            return self._proof(options)
        data = figures_json(period=_period(options["period"]))
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"figures for {data['period']['label']}")
        for name, value in data["figures"].items():
            self.stdout.write(f"  {name:36} {_show(value)}")

    def _publish(self, options):
        supersedes = None
        if options["supersedes"]:
            supersedes = Publication.objects.filter(sha256=options["supersedes"].strip().lower()).first()
            if supersedes is None:
                raise CommandError(f"--supersedes {options['supersedes']}: no stored publication has that SHA-256")
        out = Path(options["out"])
        if out.exists():
            raise CommandError(f"{out} exists; choose another file (a publication is never overwritten)")
        if not out.parent.is_dir():
            raise CommandError(f"cannot write {out}: its folder does not exist")
        try:
            publication = publish(actor=None, period=_period(options["pub_period"]), supersedes=supersedes,
                                  note=options["note"])
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
        try:
            out.write_text(json.dumps(publication.document(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"published {publication.sha256}, but cannot write {out}: {exc.strerror}; "
                               "download it from the trust page") from None
        self.stdout.write(f"published {publication.period_label}: sha256 {publication.sha256} -> {options['out']}")

    def _verify(self, path: str):
        try:
            verified = verify_document(_read(path))
        except (PublicationError, CommandError) as exc:
            self.stderr.write(f"{path}: NOT VERIFIED: {exc}")
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(f"{path}: signature valid (Ed25519, key fingerprint {verified.fingerprint}); "
                                             f"period {verified.period}; sha256 {verified.sha256}"))
        for name, value in verified.figures.items():
            self.stdout.write(f"  {name:36} {_show(value)}")
        for note in verified.notes:
            self.stdout.write(f"note: {note}")

    def _proof(self, options):
        try:
            answer = proofs(_read(options["file"]), options["record_id"], figure=options["figure"])
        except PublicationError as exc:
            raise CommandError(f"{options['file']}: {exc}") from None
        self.stdout.write(json.dumps(answer, indent=2))
