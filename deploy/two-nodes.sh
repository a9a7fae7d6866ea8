#!/usr/bin/env bash
# Two Lifeline nodes over one PostgreSQL database behind nginx (Debian's), on one machine: round-robin, no sticky
# routing. What docs/deploy.md describes, small enough to read and to run in a test.
#
#   LIFELINE_POSTGRES="Host=127.0.0.1;Username=lifeline;Password=...;Database=lifeline" deploy/two-nodes.sh start
#   deploy/two-nodes.sh stop
#
# Settings (environment):
#   LIFELINE_POSTGRES  the database's connection string (required for start); the database must exist
#   WORK               where the nodes' folders, the keys, nginx's files and the logs go (default /tmp/lifeline-two-nodes)
#   PORT               where nginx listens, on 127.0.0.1 (default 8080); the nodes listen on PORT+1 and PORT+2
#   LIFELINE_DLL       a built lifeline.dll to run; without it the script publishes src/Lifeline into WORK/app
#   NGINX              the nginx binary (default: nginx on the PATH, else /usr/sbin/nginx)
set -euo pipefail

WORK="${WORK:-/tmp/lifeline-two-nodes}"
PORT="${PORT:-8080}"
NGINX="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"

lifeline() {
  if [ -n "${LIFELINE_DLL:-}" ]; then
    dotnet "$LIFELINE_DLL" "$@"
  else
    dotnet "$WORK/app/lifeline.dll" "$@"
  fi
}

stop() {
  if [ -f "$WORK/nginx/nginx.pid" ]; then
    "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -s stop 2>/dev/null || true
  fi
  for node in a b; do
    if [ -f "$WORK/node-$node.pid" ]; then
      pid="$(cat "$WORK/node-$node.pid")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      rm -f "$WORK/node-$node.pid"
    fi
  done
  echo "stopped"
}

start() {
  : "${LIFELINE_POSTGRES:?set LIFELINE_POSTGRES to the connection string of the (existing) database}"
  mkdir -p "$WORK"
  if [ -z "${LIFELINE_DLL:-}" ] && [ ! -f "$WORK/app/lifeline.dll" ]; then
    echo "== publishing Lifeline into $WORK/app"
    dotnet publish "$HERE/src/Lifeline" -c Release -o "$WORK/app" --nologo -v quiet
  fi

  # The deployment's keys, made once: every node reads the same two files.
  if [ ! -f "$WORK/keys/ledger-signing-key" ]; then
    lifeline keys new --out "$WORK/keys"
  fi
  export LIFELINE_LEDGER_KEY="$WORK/keys/ledger-signing-key"
  export LIFELINE_SIGN_IN_KEYS_CERTIFICATE="$WORK/keys/sign-in-keys.pfx"

  # Both nodes start at once: one migrates and seeds an empty database, the other waits for it.
  local port=$PORT
  for node in a b; do
    port=$((port + 1))
    mkdir -p "$WORK/node-$node"
    # Each node in its own folder and home, as on its own machine; detached from this script's output.
    (cd "$WORK/node-$node" && HOME="$WORK/node-$node" LIFELINE_NODE_NAME="$node" \
      exec dotnet "${LIFELINE_DLL:-$WORK/app/lifeline.dll}" serve --urls "http://127.0.0.1:$port" --data "$WORK/node-$node" \
        --postgres "$LIFELINE_POSTGRES") < /dev/null > "$WORK/node-$node.log" 2>&1 &
    echo $! > "$WORK/node-$node.pid"
  done

  mkdir -p "$WORK/nginx/logs" "$WORK/nginx/temp"
  chmod 1777 "$WORK/nginx/temp"
  cat > "$WORK/nginx/nginx.conf" <<CONF
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
worker_processes 1;
events { worker_connections 1024; }
http {
  access_log $WORK/nginx/logs/access.log;
  client_body_temp_path $WORK/nginx/temp/body;
  proxy_temp_path $WORK/nginx/temp/proxy;
  fastcgi_temp_path $WORK/nginx/temp/fastcgi;
  uwsgi_temp_path $WORK/nginx/temp/uwsgi;
  scgi_temp_path $WORK/nginx/temp/scgi;

  # Deployment-wide limits per client address, counted here once for all nodes (each node's own limits count
  # only what reaches it): sign-in attempts and writes, as Lifeline's defaults (10 and 120 a minute).
  map \$request_method \$lifeline_sign_in { default ""; POST \$binary_remote_addr; }
  map \$request_method \$lifeline_write { default ""; POST \$binary_remote_addr; PUT \$binary_remote_addr; DELETE \$binary_remote_addr; }
  limit_req_zone \$lifeline_sign_in zone=lifeline_sign_in:10m rate=10r/m;
  limit_req_zone \$lifeline_write zone=lifeline_writes:10m rate=120r/m;
  limit_req_status 429;

  # Round-robin, no sticky routing: any node answers any request.
  upstream lifeline {
    server 127.0.0.1:$((PORT + 1)) max_fails=1 fail_timeout=5s;
    server 127.0.0.1:$((PORT + 2)) max_fails=1 fail_timeout=5s;
    keepalive 16;
  }

  server {
    listen 127.0.0.1:$PORT;
    client_max_body_size 51m;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$http_host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    proxy_next_upstream error timeout http_502 http_503;

    location = /account/sign-in {
      limit_req zone=lifeline_sign_in burst=5 nodelay;
      proxy_pass http://lifeline;
    }
    location / {
      limit_req zone=lifeline_writes burst=60 nodelay;
      proxy_pass http://lifeline;
    }
  }
}
CONF

  # Both nodes must answer before the proxy sends them anyone.
  port=$PORT
  for node in a b; do
    port=$((port + 1))
    for _ in $(seq 1 600); do
      if curl -fsS "http://127.0.0.1:$port/readyz" > /dev/null 2>&1; then break; fi
      if ! kill -0 "$(cat "$WORK/node-$node.pid")" 2>/dev/null; then
        echo "node $node stopped; its log:"; tail -20 "$WORK/node-$node.log"; exit 1
      fi
      sleep 0.5
    done
    curl -fsS "http://127.0.0.1:$port/readyz" > /dev/null || { echo "node $node does not answer /readyz"; exit 1; }
  done
  "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" < /dev/null > "$WORK/nginx/logs/start.log" 2>&1 \
    || { cat "$WORK/nginx/logs/start.log"; exit 1; }
  echo "Lifeline: http://127.0.0.1:$PORT (nginx, round-robin over nodes a :$((PORT + 1)) and b :$((PORT + 2)))"
  echo "logs: $WORK/node-a.log, $WORK/node-b.log, $WORK/nginx/logs; stop: WORK=$WORK $0 stop"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop   (see the top of this file for the settings)"; exit 2 ;;
esac
