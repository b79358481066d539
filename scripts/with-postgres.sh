#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# Creates a cluster in a temp dir, starts it on 127.0.0.1 (a free port from
# 55432 up, unix socket inside the temp dir), creates a role with a password and
# a database, exports DATABASE_URL=postgres://USER:PASS@127.0.0.1:PORT/DB, runs
# CMD, then always stops the server and deletes the cluster. Exits with CMD's
# exit code. As root (as in CI) the server runs as the `postgres` user and a
# missing PostgreSQL is installed with apt-get.
set -euo pipefail

PG_VERSION="${PG_VERSION:-15}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/$PG_VERSION/bin}"
PG_FIRST_PORT="${PG_FIRST_PORT:-55432}"
DB_NAME="${PG_DB_NAME:-safecampus}"
DB_USER="${PG_DB_USER:-safecampus}"

log() { printf '[with-postgres] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARGS...]   (runs CMD with DATABASE_URL pointing at a temporary PostgreSQL)" >&2
    exit 2
fi

IS_ROOT=0
[[ "$(id -u)" -eq 0 ]] && IS_ROOT=1

# --- 1. PostgreSQL binaries --------------------------------------------------
if [[ ! -x "$PG_BIN/initdb" || ! -x "$PG_BIN/pg_ctl" ]]; then
    if [[ $IS_ROOT -eq 1 ]]; then
        log "PostgreSQL $PG_VERSION not found under $PG_BIN: installing the Debian package 'postgresql'"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    fi
    [[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]] \
        || die "PostgreSQL $PG_VERSION is not installed ($PG_BIN/initdb missing); run: apt-get install postgresql"
fi

# --- 2. who runs the server ------------------------------------------------
# initdb and postgres refuse to run as root: as root, use the postgres account.
if [[ $IS_ROOT -eq 1 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user (is the postgresql package installed?)"
    as_pg() { (cd / && runuser -u postgres -- "$@"); }
else
    as_pg() { "$@"; }
fi

WORKDIR="$(mktemp -d "${TMPDIR:-/tmp}/safecampus-pg.XXXXXX")"
PGDATA_DIR="$WORKDIR/data"
SOCKET_DIR="$WORKDIR/socket"
SERVER_LOG="$WORKDIR/server.log"
STARTED=0

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ $STARTED -eq 1 ]]; then
        log "stopping PostgreSQL"
        as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 30 stop >/dev/null 2>&1 \
            || as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m immediate -w -t 10 stop >/dev/null 2>&1 \
            || log "WARNING: could not stop the server cleanly"
    fi
    rm -rf "$WORKDIR"
    log "removed the temporary cluster $WORKDIR"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$SOCKET_DIR"
chmod 700 "$WORKDIR"
[[ $IS_ROOT -eq 1 ]] && chown -R postgres:postgres "$WORKDIR"

# --- 3. initdb -----------------------------------------------------------------
log "creating a throwaway PostgreSQL $PG_VERSION cluster in $WORKDIR"
if ! as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$WORKDIR/initdb.log" 2>&1; then
    log "initdb with C.UTF-8 failed; retrying with --no-locale"
    rm -rf "$PGDATA_DIR"
    as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres -E UTF8 --no-locale \
        --auth-local=trust --auth-host=scram-sha-256 >"$WORKDIR/initdb.log" 2>&1 \
        || { cat "$WORKDIR/initdb.log" >&2; die "initdb failed"; }
fi

# --- 4. a free port ---------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=""
for candidate in $(seq "$PG_FIRST_PORT" $((PG_FIRST_PORT + 200))); do
    if ! port_in_use "$candidate"; then
        PORT="$candidate"
        break
    fi
done
[[ -n "$PORT" ]] || die "no free port between $PG_FIRST_PORT and $((PG_FIRST_PORT + 200))"

# --- 5. start ---------------------------------------------------------------------
# Durability is pointless for a cluster deleted in a minute: fsync off is faster.
SERVER_OPTS="-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$SOCKET_DIR"
SERVER_OPTS+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
log "starting PostgreSQL on 127.0.0.1:$PORT"
if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$SERVER_LOG" -o "$SERVER_OPTS" -w -t 60 start >/dev/null; then
    log "server log:"
    cat "$SERVER_LOG" >&2 || true
    die "PostgreSQL did not start"
fi
STARTED=1

# --- 6. role and database -----------------------------------------------------------
DB_PASS="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
psql_admin() { as_pg "$PG_BIN/psql" -h "$SOCKET_DIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
# CREATEDB: the test runner creates (and drops) its own test_<name> database.
psql_admin -c "CREATE ROLE \"$DB_USER\" LOGIN CREATEDB PASSWORD '$DB_PASS'" >/dev/null
psql_admin -c "CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\" ENCODING 'UTF8' TEMPLATE template0" >/dev/null

export DATABASE_URL="postgres://$DB_USER:$DB_PASS@127.0.0.1:$PORT/$DB_NAME"
log "DATABASE_URL=postgres://$DB_USER:***@127.0.0.1:$PORT/$DB_NAME"
log "running: $*"

# --- 7. the command ------------------------------------------------------------------
set +e
"$@"
RC=$?
set -e
log "command exited with code $RC"
exit "$RC"
