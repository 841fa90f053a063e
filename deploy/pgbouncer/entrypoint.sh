#!/bin/sh
# Writes PgBouncer's one user (the compose PostgreSQL's) with POSTGRES_PASSWORD, then runs PgBouncer in the
# foreground, so it is the process that gets SIGTERM and its log goes to the container's stderr.
set -eu
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is not set}"
umask 077
printf '"taskbridge" "%s"\n' "$(printf '%s' "$POSTGRES_PASSWORD" | sed 's/"/""/g')" > /tmp/userlist.txt
exec pgbouncer /etc/pgbouncer/pgbouncer.ini
