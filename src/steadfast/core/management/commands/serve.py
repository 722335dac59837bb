import os
import sys

from django.core.management.base import BaseCommand, CommandError

from steadfast.core.processes import Supervisor, gunicorn_argv, port_in_use, split_bind


class Command(BaseCommand):
    help = "Run the production web server (gunicorn). Put it behind a reverse proxy with TLS."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("STEADFAST_WEB_WORKERS", "3")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("STEADFAST_WEB_THREADS", "4")))

    def handle(self, *args, bind, workers, threads, **options):
        try:
            host, port = split_bind(bind)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        busy = port_in_use(host, port)
        if busy:
            raise CommandError(busy)
        # gunicorn runs as a child in its own process group, so that Ctrl-C stops its master and
        # every worker (SIGKILL after a grace period for one that ignores SIGTERM).
        supervisor = Supervisor()
        try:  # from the start on: whatever interrupts us, gunicorn is stopped
            supervisor.start("web server", gunicorn_argv(bind=bind, workers=workers, threads=threads),
                             env={**os.environ, "PORT": str(port)})
            self.stdout.write(f"serving on http://{bind}  (Ctrl-C stops it)")
            sys.stdout.flush()
            exited = supervisor.wait()
        finally:
            supervisor.stop()
        if exited:
            raise CommandError("the web server stopped unexpectedly; its messages are above")
