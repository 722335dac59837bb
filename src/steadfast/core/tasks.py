from django_tasks import task

from steadfast.core.services import jobs
from steadfast.core.services.audit import verify_chain


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
