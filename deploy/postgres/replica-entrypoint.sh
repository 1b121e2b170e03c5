#!/usr/bin/env bash
# The replica: on first start, a copy of the primary's files (pg_basebackup -R writes
# standby.signal and the connection to follow); then PostgreSQL as a hot standby, read-only,
# replaying the primary's WAL as it streams in.
set -euo pipefail
export PGDATA=/var/lib/postgresql/data
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
  until PGPASSWORD="$REPLICATION_PASSWORD" pg_isready -h "$PRIMARY_HOST" -U replicator; do sleep 1; done
  gosu postgres env PGPASSWORD="$REPLICATION_PASSWORD" \
    pg_basebackup -h "$PRIMARY_HOST" -U replicator -D "$PGDATA" -R -X stream --checkpoint=fast
  # The password for the streaming connection pg_basebackup wrote into postgresql.auto.conf.
  gosu postgres bash -c "echo \"$PRIMARY_HOST:5432:replication:replicator:$REPLICATION_PASSWORD\" > ~postgres/.pgpass && chmod 600 ~postgres/.pgpass"
fi
exec gosu postgres postgres -c hot_standby=on
