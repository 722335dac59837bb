import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the production web server (gunicorn). Put it behind a reverse proxy with TLS."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("STEADFAST_WEB_WORKERS", "3")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("STEADFAST_WEB_THREADS", "4")))

    def handle(self, *args, bind, workers, threads, **options):
        argv = [sys.executable, "-m", "gunicorn", "steadfast.wsgi:application", "--bind", bind,
                "--workers", str(workers), "--threads", str(threads), "--access-logfile", "-",
                "--forwarded-allow-ips", os.environ.get("STEADFAST_FORWARDED_ALLOW_IPS", "127.0.0.1"),
                "--timeout", "120"]
        self.stdout.write(f"serving on http://{bind}")
        sys.stdout.flush()
        os.execv(sys.executable, argv)
