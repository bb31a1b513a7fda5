"""gunicorn settings for thidua (docs/production.md).  Used by deploy/thidua.service:

    gunicorn --config /opt/thidua/deploy/gunicorn.conf.py thidua.wsgi:application

Every value can be changed from the environment (the systemd unit's EnvironmentFile) without
editing this file.  The app keeps no state in a process (sessions in PostgreSQL, cache and
counters in Redis, files on disk or S3), so any number of workers and servers can run.
"""

import multiprocessing
import os

# nginx talks to gunicorn on loopback; a Unix socket works too (bind = "unix:/run/thidua.sock").
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Synchronous workers: pages are short; long work goes to the `thidua worker` process.
# 2 per core plus one is gunicorn's advice; each worker uses about 100-150 MB.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "sync" if threads == 1 else "gthread"

# A request that runs longer than this is killed (its transaction rolls back); exports and
# imports that need longer run as background jobs.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5

# Restart each worker after a few thousand requests (with jitter, so not all at once):
# memory fragmentation never accumulates.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200

# Load the application before forking: workers share memory pages and a broken setting
# stops the start instead of each worker dying in turn.
preload_app = True

# Logs to standard error, i.e. journald.  The application writes one JSON line per request
# (THIDUA_REQUEST_LOG, on in production) with its request id, so gunicorn's own access log
# is off by default; set GUNICORN_ACCESS_LOG=- to turn it on.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# nginx sets X-Forwarded-For/Proto; trust them only from loopback.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

proc_name = "thidua"
# The workers' heartbeat files in memory, not on a (possibly slow) disk, as gunicorn advises;
# gunicorn creates them itself with private names.
_SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None

# gunicorn's control socket (for `gunicornc`) is off: systemd manages the service, and two
# instances on one machine would otherwise share one default path.  Set
# GUNICORN_CONTROL_SOCKET=/run/thidua/gunicorn.ctl to turn it on.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
