"""gunicorn settings for `make serve`, read from the environment (README lists them)."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Sync workers spend most of a request on the CPU (templates, ORM): about two
# per core, plus one that is reading from the network or the database.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("WEB_THREADS", 1))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("WEB_TIMEOUT", 30))
graceful_timeout = timeout
keepalive = 5
# Recycle workers now and then so a slow leak never takes a server down.
max_requests = 20000
max_requests_jitter = 2000
# Imported once before forking: less memory, faster restarts. Django opens no
# database connection at import, so the workers do not share one.
preload_app = True
# Behind a proxy: the addresses allowed to set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs on stdout/stderr for the log collector; the access log can be turned off
# where the load balancer already writes one.
accesslog = "-" if os.environ.get("ACCESS_LOG", "true").lower() in ("1", "true", "yes", "on") else None
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
