#!/usr/bin/env bash
# Install, migrate, load the demo data and serve the portal at http://127.0.0.1:8000.
# With no DATABASE_URL it runs on an embedded PostgreSQL server in .pgdata/.
source "$(dirname "$0")/_common.sh"
export DEBUG=${DEBUG:-True}
ensure_python_env base
say "preparing the database and the demo data"
.venv/bin/python manage.py prepare_portal --demo-data
say "serving the portal at http://${PORTAL_ADDRESS:-127.0.0.1:8000} (Ctrl+C stops it)"
exec .venv/bin/python manage.py runserver "${PORTAL_ADDRESS:-127.0.0.1:8000}"
