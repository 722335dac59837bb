from django_tasks import task

from steadfast.core.models import AuditEvent, AuditHead
from steadfast.core.services import jobs
from steadfast.core.services.audit import GENESIS_HASH, as_record, verify_chain, verify_records

AUDIT_VERIFY_JOB = "core.audit_verify"


@task()
def run_job(job_id: int) -> dict:
    return jobs.run(job_id)


@jobs.job_handler("core.selfcheck")
def selfcheck(job, report) -> dict:
    """A tiny job used by the jobs page and tests: verifies the audit chain with progress."""

    report(0, 1, "verifying the audit chain")
    result = verify_chain()
    report(1, 1, "done")
    return {"ok": result.ok, "checked": result.checked, "reason": result.reason}


@jobs.job_handler(AUDIT_VERIFY_JOB)
def audit_verify(job, report) -> dict:
    """Re-hash the whole audit chain (`verify_records`, as `steadfast audit verify` does) with
    progress, in the worker rather than inside a request: 150,000 events take seconds."""
    head_seq, head_hash = AuditHead.objects.filter(pk=1).values_list("seq", "hash").first() or (0, GENESIS_HASH)
    report(0, head_seq, f"verifying {head_seq:,} events")

    def records():
        for done, event in enumerate(AuditEvent.objects.order_by("seq").iterator(chunk_size=5000), start=1):
            if done % 5000 == 0:
                report(min(done, head_seq), head_seq, f"event #{event.seq:,}")
            yield as_record(event)

    result = verify_records(records(), head=(head_seq, head_hash))
    report(head_seq, head_seq, "intact" if result.ok else f"broken at event #{result.bad_seq}")
    return {"ok": result.ok, "checked": result.checked, "head_seq": head_seq, "bad_seq": result.bad_seq,
            "reason": result.reason}
