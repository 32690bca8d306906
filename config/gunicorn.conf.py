"""gunicorn's settings, in production and in the load test:
`gunicorn -c config/gunicorn.conf.py` (docs/scaling.md, "Past one machine").

Environment: GUNICORN_BIND (default 127.0.0.1:8000, behind the reverse proxy) and
WEB_CONCURRENCY (the number of workers; default 2 × cores + 1, gunicorn's own advice)."""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
# Each worker tells the arbiter it is alive by touching a file between requests. On a disk that
# write can wait behind the journal (PostgreSQL's fsyncs on the same disk) and hold the worker;
# in memory it never waits. gunicorn's documentation gives the same advice.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
