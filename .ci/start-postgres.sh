#!/usr/bin/env bash
# Install and start PostgreSQL 15 (Debian 12 apt) as root for Lifeline's tests, without systemd.
# Creates role/db with a password and verifies a TCP login on 127.0.0.1.
# Idempotent: safe to run twice. Env overrides: PG_USER PG_PASS PG_DB PG_PORT.
set -euo pipefail

PG_VER=15
PG_USER="${PG_USER:-lifeline}"
PG_PASS="${PG_PASS:-lifeline}"
PG_DB="${PG_DB:-lifeline}"
PG_PORT="${PG_PORT:-5432}"

export DEBIAN_FRONTEND=noninteractive
if ! command -v pg_ctlcluster >/dev/null || [ ! -x /usr/lib/postgresql/$PG_VER/bin/postgres ]; then
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null     # Debian 12 -> postgresql-15
fi

# The package postinst normally creates cluster 15/main; create it if missing
# (e.g. image built with create_main_cluster=false or data dir wiped).
if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$PG_VER/main"; then
  pg_createcluster "$PG_VER" main --port="$PG_PORT"
fi

# Start (works as root without systemd: pg_ctlcluster drops to the postgres user).
# 'service postgresql start' also works in this container, but pg_ctlcluster gives a
# clear non-zero exit and does not depend on an init system.
if ! pg_lsclusters -h | awk -v v="$PG_VER" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$PG_VER" main start
fi

# Wait until it accepts TCP connections.
for i in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$PG_PORT"

# Role + database (idempotent). Runs via the local socket with peer auth as 'postgres'.
# CREATEDB lets EF Core's EnsureCreated/Migrate create/drop test databases.
runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q -p "$PG_PORT" \
  -v u="$PG_USER" -v p="$PG_PASS" -v d="$PG_DB" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'u', :'p')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'u') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'u', :'p') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'d', :'u')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'d') \gexec
SQL

# Verify password login over TCP (Debian default pg_hba: host ... 127.0.0.1/32 scram-sha-256).
PGPASSWORD="$PG_PASS" psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -tAc "select version()"

echo "PG_CONN=Host=127.0.0.1;Port=$PG_PORT;Database=$PG_DB;Username=$PG_USER;Password=$PG_PASS"
# Stop later with: pg_ctlcluster $PG_VER main stop
