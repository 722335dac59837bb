"""No room double-booked under concurrent requests: real threads, real connections (PostgreSQL's
exclusion constraint decides; on SQLite the writers are serialised and the trigger decides)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from steadfast.transparency.models import Evaluation

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_requests_for_one_room_book_it_once(admin_user, room):
    from steadfast.transparency.services.centres import request_evaluation

    start = dt.datetime(2027, 5, 3, 9, tzinfo=dt.UTC)
    workers = 8
    barrier = threading.Barrier(workers)
    outcomes: list[str] = []
    lock = threading.Lock()

    def book(n: int) -> None:
        try:
            barrier.wait()
            # overlapping windows, all different: 09:00+n*10min for 3 hours
            begins = start + dt.timedelta(minutes=10 * n)
            request_evaluation(actor=admin_user, room=room, title=f"Session {n}", service="source_code_review",
                               organisation=f"Operator {n}", country="FR", starts_at=begins,
                               ends_at=begins + dt.timedelta(hours=3))
            result = "booked"
        except ValidationError as exc:
            result = "refused: " + " ".join(exc.messages)
        except Exception as exc:  # anything else is a failure of the test
            result = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=book, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(outcomes) == workers, outcomes
    assert outcomes.count("booked") == 1, outcomes
    assert all(o.startswith("refused") and "already booked" in o for o in outcomes if o != "booked"), outcomes
    assert Evaluation.objects.filter(room=room).count() == 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'evaluation_room_no_overlap'")
            definition = cursor.fetchone()[0]
        assert "EXCLUDE USING gist" in definition and "&&" in definition
