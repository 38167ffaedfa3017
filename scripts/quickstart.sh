#!/usr/bin/env bash
# The main job: installs what is missing, builds, starts the embedded mock Library server on a free
# loopback port and runs the quickstart sample and the mstr CLI against it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${MSTR_BUILD_DIR:-$root/build}

"$root/scripts/setup.sh"

server_log=$(mktemp)
"$build_dir/bin/mstr-mock-server" --port 0 >"$server_log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; rm -f "$server_log"' EXIT

base_url=""
for _ in $(seq 1 100); do
  base_url=$(head -n 1 "$server_log" 2>/dev/null || true)
  case "$base_url" in http*) break ;; esac
  kill -0 "$server_pid" 2>/dev/null || { cat "$server_log" >&2; exit 1; }
  sleep 0.1
done
echo "mock Library server: $base_url"
echo

"$build_dir/bin/mstr-quickstart" "$base_url"

# The same server through the mstr CLI. Credentials are references (env:, file:, a vault...), never
# values, so they stay out of the process listing.
export MSTR_BASE_URL="$base_url" MSTR_USERNAME=administrator MSTR_PASSWORD=admin-pass
session_file=$(mktemp -u)
trap 'kill "$server_pid" 2>/dev/null || true; rm -f "$server_log" "$session_file"' EXIT
mstr() {
  echo
  echo "\$ mstr $*"
  "$build_dir/bin/mstr" "$@"
}
creds=(--base-url env:MSTR_BASE_URL --username env:MSTR_USERNAME --password env:MSTR_PASSWORD)
mstr plugins
mstr "${creds[@]}" projects
mstr "${creds[@]}" whoami
mstr "${creds[@]}" request GET status
# A report's rows, by project name, as a table (CSV or JSON with --format csv|json).
mstr "${creds[@]}" --project "MicroStrategy Tutorial" report 1A2B3C4D5E6F708192A3B4C5D6E7F809 --format table
mstr "${creds[@]}" --session-file "$session_file" login
mstr --session-file "$session_file" session info
mstr --session-file "$session_file" logout
