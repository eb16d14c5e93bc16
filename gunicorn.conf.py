"""gunicorn settings for production (`make serve`, the systemd unit in docs/deploy.md).

Every value can be overridden from the environment (GUNICORN_*), or on the command line.
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


wsgi_app = "reviews_project.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")

# Sync workers: pages are CPU-bound (templates, ORM), so threads in one process only contend for
# the GIL; on two cores, 3 sync workers served more requests/s than gthread (issue 7). cores + 1
# processes keep the CPU busy while one waits on the database. GUNICORN_WORKER_CLASS=gthread with
# GUNICORN_THREADS=4 trades throughput for memory (threads share one process's).
_cpus = multiprocessing.cpu_count()
workers = _int("GUNICORN_WORKERS", _cpus + 1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
# More than one thread turns a sync worker into gthread, so sync defaults to one.
threads = _int("GUNICORN_THREADS", 4 if worker_class == "gthread" else 1)

# A request slower than this is stuck: the worker is killed and replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Longer than the proxy's idle timeout, so nginx or the load balancer closes first.
keepalive = _int("GUNICORN_KEEPALIVE", 75)
# Recycle workers now and then so a slow leak cannot grow for ever; jitter spreads the restarts.
# Measured (issue 14; one sync worker, demo content, SQLite): RSS 83-87 MB after start, +2-4 MB
# over the first 250 requests (imports, templates, caches warming), then +0.37 MB over 3,750
# requests with the page cache answering and +0.94 MB over 4,750 requests that all rendered,
# flattening out (+16 KB over the last 1,000). About 0.2 MB per 1,000 requests at worst, so
# 50,000 costs at most ~10 MB before a restart, while 2,000 restarted each worker every few
# seconds under load (14 times a minute in make bench), each paying the warm-up again.
max_requests = _int("GUNICORN_MAX_REQUESTS", 50_000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 5_000)

# The proxy in front (nginx, load balancer) sets X-Forwarded-For/-Proto; trust it only from here.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# One line per request on stdout, with the request id the app put in X-Request-ID.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = (
    '%(h)s "%(r)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s '
    'referer="%(f)s" user_agent="%(a)s"'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Don't let gunicorn's control socket or pid files leave state on the server.
control_socket_disable = True
