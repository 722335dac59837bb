import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from steadfast.core.processes import Supervisor, gunicorn_argv, port_in_use


class Command(BaseCommand):
    help = "Start the background worker and the web server together; Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--log", default=None, help="where the processes' output goes (default var/demo.log)")

    def handle(self, *args, port, log, **options):
        if not str(port).isdigit() or not 0 < int(port) < 65536:
            raise CommandError(f"--port {port!r}: expected a port number from 1 to 65535")
        busy = port_in_use("127.0.0.1", int(port))
        if busy:
            raise CommandError(busy)
        # The children (and so the links in the e-mails they send) know the served port.
        os.environ["PORT"] = str(port)
        log_path = Path(log) if log else Path(settings.VAR_DIR) / "demo.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        steadfast = [sys.executable, "-m", "steadfast.cli"]
        supervisor = Supervisor()
        with open(log_path, "a", buffering=1) as output:
            streams = {"stdout": output, "stderr": output, "stdin": None}
            try:  # from the first start on: whatever interrupts us, the children are stopped
                supervisor.start("job worker", [*steadfast, "worker"], **streams)
                supervisor.start("web server", gunicorn_argv(bind=f"127.0.0.1:{port}", workers=2, threads=4),
                                 **streams)
                self.stdout.write(self.style.SUCCESS(f"Steadfast is running at http://127.0.0.1:{port}/  "
                                                     "(Ctrl-C stops it)"))
                self.stdout.write(f"Server and worker messages: {log_path}")
                if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
                    self.stdout.write(f"E-mails (invitations, reminders) are written to {settings.EMAIL_FILE_PATH}/")
                self.stdout.flush()
                exited = supervisor.wait()
            finally:
                self.stdout.write("stopping…")
                self.stdout.flush()
                supervisor.stop()
        if exited:
            tail = "".join(log_path.read_text(errors="replace").splitlines(keepends=True)[-20:])
            raise CommandError(f"the {exited} stopped unexpectedly; the end of {log_path}:\n{tail}")
        self.stdout.write("stopped")
