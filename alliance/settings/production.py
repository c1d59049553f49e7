"""Production: everything from base.py, hardened. Start-up stops on a missing or bad value."""

from django.core.exceptions import ImproperlyConfigured

from alliance.settings.base import *  # noqa: F403
from alliance.settings.base import DEBUG
from alliance.settings.env import env_bool, env_int, env_list, env_str, env_url

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG or set it to 0).")
# Re-read without the development defaults: each of these must be given explicitly.
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
SITE_URL = env_url("SITE_URL", schemes={"http", "https"})
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL")
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long in production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names the site answers to.")
if not SITE_URL.startswith("https://") and not env_bool("ALLOW_HTTP", False):
    raise ImproperlyConfigured("SITE_URL must start with https:// (or set ALLOW_HTTP=1).")
# Production mail goes through SMTP; a missing host would silently drop every email.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
HTTPS = SITE_URL.startswith("https://")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    # The __Host- prefix makes the browser refuse these cookies unless they are Secure, for
    # Path=/ and without a Domain (Django's defaults), so no sibling subdomain or plain-http
    # page can set or overwrite them. Renaming signs everyone out once, on the first deploy.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# A site served over https is https for good: browsers remember it for a year, subdomains too.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
# Preloading is the domain owner's decision: it binds every subdomain of the registered domain
# in browsers' built-in lists and takes months to undo. So it is opted into, and the deploy
# check that suggests it (W021) is silenced rather than followed by default.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
