#!/usr/bin/env bash
# A throwaway PostgreSQL server for the clinic store's tests (src/clinic/*.int.test.ts).
#
#   scripts/pg-test-server.sh            start: initdb a cluster in a new temp dir, start it on
#                                        127.0.0.1:$ITB_PG_PORT (default 55432), create database itb_test,
#                                        and print its URL as the ONLY line on stdout
#   scripts/pg-test-server.sh stop DIR   stop the cluster in DIR and delete DIR
#
#   url=$(scripts/pg-test-server.sh) && ITB_TEST_PG_URL=$url npx vitest run src/clinic
#
# Works as root (PostgreSQL refuses to run as root: the server runs as the `postgres` user through
# runuser/su) and as an ordinary user. The unix socket lives in the temp dir (mode 0700); TCP listens on
# loopback only and requires a password generated for this run. fsync is off: test data, not records.
# Needs PostgreSQL's server binaries: $PGBIN, else /usr/lib/postgresql/<newest>/bin, else the PATH.
set -euo pipefail

log() { printf 'pg-test-server: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

find_pgbin() {
  if [[ -n "${PGBIN:-}" ]]; then echo "$PGBIN"; return; fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$d" ]]; then echo "$d"; return; fi
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)" && return
  die "no PostgreSQL server binaries found (set PGBIN)"
}

PGBIN=$(find_pgbin)
[[ -x "$PGBIN/initdb" && -x "$PGBIN/pg_ctl" ]] || die "initdb/pg_ctl not found in $PGBIN"

# Runs a command as the cluster's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user to own the cluster"
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

if [[ "${1:-start}" == "stop" ]]; then
  dir=${2:-}
  [[ -n "$dir" && -d "$dir/data" && -f "$dir/.itb-pg-test" ]] || die "usage: $0 stop DIR (a dir this script made)"
  as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || log "server was not running"
  rm -rf -- "$dir"
  log "stopped and removed $dir"
  exit 0
fi
[[ "${1:-start}" == "start" ]] || die "usage: $0 [start | stop DIR]"

PORT=${ITB_PG_PORT:-55432}
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "127.0.0.1:$PORT is already in use (set ITB_PG_PORT)"
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/itb-pg.XXXXXX")
touch "$dir/.itb-pg-test"
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$password" >"$dir/pwfile"
chmod 0700 "$dir"
chmod 0600 "$dir/pwfile"
if [[ $(id -u) -eq 0 ]]; then chown -R postgres: "$dir"; fi

cleanup_on_error() { log "failed; log: $dir/server.log"; }
trap cleanup_on_error ERR

as_owner "$PGBIN/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" -E UTF8 --locale=C \
  --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; die "initdb failed"; }
rm -f "$dir/pwfile"

as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >&2

as_owner "$PGBIN/psql" -h "$dir" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qc 'create database itb_test' >&2

log "running in $dir (log: $dir/server.log); stop with: $0 stop $dir"
printf 'postgres://postgres:%s@127.0.0.1:%s/itb_test\n' "$password" "$PORT"
