# Production image: gunicorn serves the portal, whitenoise its static files.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system portal && useradd --system --gid portal --home /app portal
WORKDIR /app

COPY pyproject.toml constraints.txt README.md ./
RUN pip install -c constraints.txt .

COPY --chown=portal:portal . .
# collectstatic and the translations need settings but no database.
RUN DEBUG=False SECRET_KEY=build-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz DATABASE_URL=postgres://build@localhost/build \
        python manage.py compile_translations \
    && DEBUG=False SECRET_KEY=build-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz DATABASE_URL=postgres://build@localhost/build \
        python manage.py collectstatic --no-input -v 0

# The media volume takes this folder's owner when Docker first creates it.
RUN mkdir -p /app/media && chown portal:portal /app/media
USER portal
EXPOSE 8000
CMD ["gunicorn", "network_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", "--forwarded-allow-ips", "*"]
