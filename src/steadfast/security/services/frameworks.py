"""Importing control frameworks from OSCAL catalogs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from steadfast.core.services.crud import pending_for, record_events
from steadfast.security.models import Control, Framework
from steadfast.security.services.oscal.catalog import read_catalog
from steadfast.security.services.oscal.errors import OscalError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SHIPPED_CATALOGS = ("NIST_CSF_v2.0_catalog.xml", "NIST_SP-800-53_rev5_catalog.json")


@dataclass(frozen=True)
class FrameworkImport:
    framework: Framework
    created: bool
    controls: int  # every control and enhancement in the catalog, withdrawn ones included
    withdrawn: int


def import_framework(*, actor, path: str | Path) -> FrameworkImport:
    """Import one catalog version. The same version again is a no-op when its controls are unchanged
    and an error when they differ (publish it as a new version); a new version is added beside the
    old one, whose controls stay as they were for the questionnaires and assessments built on them."""
    try:
        parsed = read_catalog(path)
    except OscalError as exc:
        raise ValidationError({"file": str(exc)}) from None
    digest = parsed.digest()
    withdrawn = sum(1 for c in parsed.controls if c.withdrawn)
    with transaction.atomic():
        existing = Framework.objects.select_for_update().filter(name=parsed.name[:255], version=parsed.version[:64]).first()
        if existing is not None:
            if existing.content_sha256 != digest:
                raise ValidationError({"file": f"{parsed.source}: {parsed.name} version {parsed.version} is already "
                                               "imported with different controls; import it under a new version"})
            return FrameworkImport(existing, False, existing.controls.count(), withdrawn)
        framework = Framework(name=parsed.name[:255], version=parsed.version[:64], source=parsed.source[:255],
                              document_uuid=parsed.uuid[:36], oscal_version=parsed.oscal_version[:32],
                              last_modified=parsed.last_modified[:64], content_sha256=digest)
        framework.full_clean()
        framework.save()
        rows = [Control(framework=framework, control_id=c.control_id, label=c.label, title=c.title,
                        statement=c.statement, guidance=c.guidance, control_class=c.control_class,
                        group_path=c.group_path, group_title=c.group_title, withdrawn=c.withdrawn,
                        sort_key=c.sort_key, sort_order=index)
                for index, c in enumerate(parsed.controls)]
        Control.objects.bulk_create(rows, batch_size=500)
        by_id = dict(Control.objects.filter(framework=framework).values_list("control_id", "pk"))
        children = []
        for parsed_control, row in zip(parsed.controls, rows, strict=True):
            if parsed_control.parent_id:
                row.pk = by_id[parsed_control.control_id]
                row.parent_id = by_id[parsed_control.parent_id]
                children.append(row)
        Control.objects.bulk_update(children, ["parent"], batch_size=500)
        record_events(actor=actor, events=[pending_for("import", framework, {
            "source": [None, parsed.source], "controls": [None, len(rows)], "withdrawn": [None, withdrawn]})])
    return FrameworkImport(framework, True, len(rows), withdrawn)


def import_shipped_frameworks(*, actor) -> list[FrameworkImport]:
    return [import_framework(actor=actor, path=DATA_DIR / name) for name in SHIPPED_CATALOGS]
