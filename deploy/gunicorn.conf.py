"""gunicorn settings for the pushguard webhook service: `pushguard web --gunicorn-config ...`
or `gunicorn -c deploy/gunicorn.conf.py 'pushguard.webhook:create_app()'`.

Webhook handlers only verify, store and enqueue (milliseconds), but a client may be slow: a
socket that connects and sends nothing, or trickles its headers or body, would hold a sync
worker for the whole ``timeout``, and two of them took the service down. gevent workers give
each connection a greenlet instead (``worker_connections`` per worker), so slow clients
cannot starve intake. In production put a buffering reverse proxy in front anyway (see
deploy/nginx.conf): it bounds how long a client may take and hands gunicorn whole requests.
"""

import multiprocessing
import os

wsgi_app = "pushguard.webhook:create_app()"
bind = os.environ.get("PUSHGUARD_BIND", "127.0.0.1:8080")
# CPU-bound HMAC + one SQL insert per request: a process per core; greenlets for waiting
workers = int(os.environ.get("PUSHGUARD_WEB_WORKERS", multiprocessing.cpu_count()))
worker_class = "gevent"
worker_connections = 1000  # open connections per worker, idle or slow ones included
timeout = 30  # GitHub Enterprise waits 30 s, gitlab.com 10 s, Gitea 5 s
graceful_timeout = 5  # requests in flight take milliseconds; systemd stops within seconds
# gunicorn's default control socket (~/.gunicorn/gunicorn.ctl) is shared by every gunicorn
# of the user: two services on one host would fight over it. Nothing here uses it.
control_socket_disable = True
keepalive = 5
# bodies are capped by [service] max_body_bytes while reading; these cap the request line
limit_request_line = 8190
limit_request_fields = 100
accesslog = "-"
errorlog = "-"
# never log request bodies or query strings with secrets: the default access log format
# has the request line only, and webhook URLs carry no credentials
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = os.environ.get("PUSHGUARD_FORWARDED_ALLOW_IPS", "127.0.0.1")
