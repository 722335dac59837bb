import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Start the background worker and the web server together; Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))

    def handle(self, *args, port, **options):
        steadfast = [sys.executable, "-m", "steadfast.cli"]
        worker = subprocess.Popen([*steadfast, "worker"])
        web = subprocess.Popen([*steadfast, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"])
        self.stdout.write(self.style.SUCCESS(f"Steadfast is running at http://127.0.0.1:{port}/  (Ctrl-C stops it)"))
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            self.stdout.write(f"E-mails (invitations, reminders) are written to {settings.EMAIL_FILE_PATH}/")
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and worker.poll() is None and web.poll() is None:
                time.sleep(0.3)
        finally:
            for process in (web, worker):
                if process.poll() is None:
                    process.terminate()
            for process in (web, worker):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        self.stdout.write("stopped")
