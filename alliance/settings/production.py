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
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SITE_URL.startswith("https://"))
SESSION_COOKIE_SECURE = SITE_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
