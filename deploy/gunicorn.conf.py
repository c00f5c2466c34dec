"""gunicorn settings for the pushguard webhook service: `pushguard web --gunicorn-config ...`
or `gunicorn -c deploy/gunicorn.conf.py 'pushguard.webhook:create_app()'`.

Webhook handlers only verify, store and enqueue (milliseconds), so plain sync workers suffice;
the platforms' 5-10 s delivery timeouts bound how long a request may take.
"""

import multiprocessing
import os

wsgi_app = "pushguard.webhook:create_app()"
bind = os.environ.get("PUSHGUARD_BIND", "127.0.0.1:8080")
# sync workers: CPU-bound HMAC + one SQL insert per request; 2 per core keeps the DB busy
workers = int(os.environ.get("PUSHGUARD_WEB_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
timeout = 30  # GitHub Enterprise waits 30 s, gitlab.com 10 s, Gitea 5 s
graceful_timeout = 20
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
