import logging
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from steadfast.core.services.schedule import start_due_jobs


class Command(BaseCommand):
    help = "Run the background task worker (django-tasks database backend) and start recurring jobs when due."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run queued tasks, then exit")
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--no-schedule", action="store_true",
                            help="do not start recurring jobs (reminders, reassessments) from this worker")

    def handle(self, *args, batch, interval, no_schedule, **options):
        if not batch and not no_schedule:
            threading.Thread(target=_scheduler_loop, name="steadfast-scheduler", daemon=True).start()
        call_command("db_worker", batch=batch, interval=interval, startup_delay=False, reload=False)


def _scheduler_loop(check_every_seconds: float = 60.0) -> None:
    while True:
        try:
            start_due_jobs()
        except Exception:  # a failed check must not stop the worker; it is retried next minute
            logging.getLogger("steadfast.schedule").exception("could not start recurring jobs")
        finally:
            close_old_connections()
        time.sleep(check_every_seconds)
