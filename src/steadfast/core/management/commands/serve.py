import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

# gunicorn refuses a request line (method, URL, protocol) past --limit-request-line with its own
# HTML 400/414 page. Set it above the application's URL limit (STEADFAST_MAX_URL_BYTES, checked by
# RequestLineLimitMiddleware) plus room for the method and protocol, so that Django answers first,
# with problem+json; 8190 is gunicorn's ceiling for the setting.
REQUEST_LINE_MARGIN = 64
GUNICORN_MAX_REQUEST_LINE = 8190


def gunicorn_request_line_limit() -> int:
    return min(GUNICORN_MAX_REQUEST_LINE, settings.STEADFAST_MAX_URL_BYTES + REQUEST_LINE_MARGIN)


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
                "--timeout", "120", "--limit-request-line", str(gunicorn_request_line_limit())]
        self.stdout.write(f"serving on http://{bind}")
        sys.stdout.flush()
        os.execv(sys.executable, argv)
