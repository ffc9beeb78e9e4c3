#!/bin/sh
# manage.py with the deployment's environment, from anywhere:
#   runuser -u disclosure -- /srv/disclosure/deploy/manage.sh migrate
# Reads /etc/disclosure/env (or $DISCLOSURE_ENV_FILE) as the systemd units do, with
# the production settings unless that file names others.
set -eu
checkout="$(cd "$(dirname "$0")/.." && pwd)"
env_file="${DISCLOSURE_ENV_FILE:-/etc/disclosure/env}"
case "$env_file" in /*) ;; *) env_file="$PWD/$env_file" ;; esac
if [ ! -r "$env_file" ]; then
    echo "Cannot read $env_file: create it from deploy/env.example (README, Deployment)." >&2
    exit 1
fi
export DJANGO_SETTINGS_MODULE=disclosure_site.settings.production
set -a
. "$env_file"
set +a
cd "$checkout"
exec "$checkout/.venv/bin/python" site/manage.py "$@"
