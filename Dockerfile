# The hub's image: the same locked dependencies as `make run`, served by gunicorn.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv UV_COMPILE_BYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=alliance.settings.production

RUN pip install --no-cache-dir uv==0.13.8
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# collectstatic reads settings; it needs no real servers, only well-formed values.
RUN SECRET_KEY=build-only-secret-key-build-only-secret-key ALLOWED_HOSTS=build \
    SITE_URL=https://build DATABASE_URL=postgres://build/build REDIS_URL=redis://build:6379/0 \
    DEFAULT_FROM_EMAIL=build@build EMAIL_HOST=build \
    python manage.py collectstatic --noinput

RUN useradd --create-home alliance
USER alliance
EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "alliance.wsgi:application"]
