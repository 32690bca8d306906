"""Pages that only read large sets (dashboards, impact pages, open data) read from a replica of
the database when one is configured (`DATABASE_REPLICA_URL`, docs/scaling.md "Read replicas").

Only the views marked `@reads_from_replica` do, and only their reads: every write, and every
page that leads to a write (forms, their redirects), stays on the primary, so nobody misses
what they have just done. A replica may be a few seconds behind: fine for figures."""

import contextvars
import functools

from django.conf import settings

_reading = contextvars.ContextVar("metis_reads_from_replica", default=False)


def reads_from_replica(view):
    """Decorate a GET view whose reads may come from the replica (no-op without one)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        token = _reading.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _reading.reset(token)

    return wrapped


class ReplicaRouter:
    """Reads inside `reads_from_replica` go to `settings.READ_REPLICA`; everything else to the
    default database (Django's own choice)."""

    def db_for_read(self, model, **hints):
        if _reading.get() and settings.READ_REPLICA:
            return settings.READ_REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
