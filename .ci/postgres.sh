#!/usr/bin/env bash
# Make PostgreSQL available for the store tests on 127.0.0.1:5432 (user postgres, trust auth, database "test").
# Uses a server that already answers; otherwise installs Debian's postgresql, lets local TCP connections in with
# trust auth (CI machines only), starts it and creates the database. Exports nothing: the caller sets
#   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test REQUIRE_POSTGRES=1
# so that an unreachable server fails the store tests instead of skipping them. Exit status != 0 when it cannot.
set -euo pipefail

HOST=127.0.0.1
PORT=5432

answers() { pg_isready -q -h "$HOST" -p "$PORT" -U postgres 2>/dev/null; }

if ! command -v pg_isready >/dev/null 2>&1 || ! answers; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  conf=/etc/postgresql/$version/main
  if ! grep -q "readiness-ci" "$conf/pg_hba.conf"; then
    # trust for local TCP only (a throwaway CI server); first match wins, so prepend
    { echo "host all all 127.0.0.1/32 trust # readiness-ci"; echo "host all all ::1/128 trust # readiness-ci";
      cat "$conf/pg_hba.conf"; } > "$conf/pg_hba.conf.new"
    mv "$conf/pg_hba.conf.new" "$conf/pg_hba.conf"
    chown postgres:postgres "$conf/pg_hba.conf"
  fi
  pg_ctlcluster "$version" main start 2>/dev/null || pg_ctlcluster "$version" main reload
  for _ in $(seq 1 30); do answers && break; sleep 1; done
  answers || { echo "postgres.sh: PostgreSQL does not answer on $HOST:$PORT" >&2; exit 1; }
fi

if ! psql -h "$HOST" -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1; then
  psql -h "$HOST" -p "$PORT" -U postgres -c "CREATE DATABASE test" >/dev/null
fi
psql -h "$HOST" -p "$PORT" -U postgres -d test -tAc "SELECT 'postgres.sh: ' || version()"
