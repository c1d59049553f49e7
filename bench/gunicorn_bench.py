"""gunicorn for the benchmark: the site's server, without its per-request access log lines."""

accesslog = None
errorlog = "-"
loglevel = "warning"
