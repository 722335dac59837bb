"""`steadfast import` exit codes and output, and the background job path."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from steadfast.core.models import Job
from steadfast.core.services import jobs
from steadfast.network.models import Supplier

GOOD = "ref,legal_name,country,category\nC1,One,DE,components\nC2,Two,FR,software\n"
BAD = "ref,legal_name,country,category\nC1,One,DE,components\nC2,Two,XX,software\n"


def cli(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path):
    (tmp_path / "good.csv").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.csv").write_text(BAD, encoding="utf-8")
    return tmp_path


def test_cli_applies_a_good_file(files, db):
    code, out, _ = cli("suppliers", str(files / "good.csv"), "--no-progress")
    assert code == 0
    assert "created            2" in out and "suppliers: applied" in out
    assert set(Supplier.objects.values_list("ref", flat=True)) >= {"C1", "C2"}


def test_cli_dry_run_and_json(files, db):
    code, out, _ = cli("suppliers", str(files / "good.csv"), "--dry-run", "--json")
    assert code == 0
    report = json.loads(out)
    assert (report["dry_run"], report["created"], report["applied"]) == (True, 2, False)
    assert report["actions"] == [{"row": 2, "action": "create", "key": "C1"}, {"row": 3, "action": "create", "key": "C2"}]
    assert not Supplier.objects.filter(ref="C1").exists()


def test_cli_rejects_with_exit_1_and_located_errors(files, db):
    path = str(files / "bad.csv")
    code, out, _ = cli("suppliers", path, "--no-progress")
    assert code == 1
    assert f"{path}:3:country: 'XX' is not an ISO 3166-1 alpha-2 country code" in out.splitlines()
    assert "rejected: nothing was changed" in out
    assert not Supplier.objects.filter(ref="C1").exists()


def test_cli_usage_errors_exit_2(files, db):
    code, _, err = cli("widgets", str(files / "good.csv"))
    assert code == 2 and "unknown KIND 'widgets'" in err
    code, _, err = cli("suppliers", str(files / "missing.csv"))
    assert code == 2 and "no such file" in err
    code, _, err = cli("suppliers", str(files))
    assert code == 2 and f"not a file: {files}" in err


def test_background_job_runs_the_import(files, db, admin_user, settings, tmp_path, django_capture_on_commit_callbacks):
    from steadfast.network.tasks import save_upload, start_import_job, upload_path

    settings.MEDIA_ROOT = tmp_path / "media"

    class Upload:
        name = "suppliers.csv"

        def chunks(self):
            yield GOOD.encode()

    stored = save_upload(Upload())
    assert upload_path(stored).parent == tmp_path / "media" / "imports" and len(stored) == 36
    with django_capture_on_commit_callbacks(execute=False):  # the worker is not running in tests
        job = start_import_job(actor=admin_user, kind="suppliers", stored_name=stored, filename="suppliers.csv",
                               dry_run=False)
    result = jobs.run(job.pk)
    job = Job.objects.get(pk=job.pk)
    assert job.status == Job.Status.SUCCEEDED and job.done == job.total
    assert result["created"] == 2 and result["applied"] and job.result["created"] == 2
    assert not upload_path(stored).exists()  # the uploaded file is removed once imported
    assert Supplier.objects.filter(ref="C2").exists()
