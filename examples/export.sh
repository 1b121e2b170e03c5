#!/bin/sh
# A pull of the NDJSON export (GET /export/papers.ndjson) that survives dropped connections: it
# appends to its file and, run again or after a failure, resumes after the last complete line.
#   examples/export.sh OUT.ndjson [PARAMETER=VALUE ...]
#   examples/export.sh cs-lg.ndjson categories=cs.LG publishedFrom=2024-01-01
# Parameters are those of the export (docs/import-export.md, "Export"): categories, publishedFrom, publishedTo,
# hasCode, minCitations, minScore, authorId, limit. SCHOLARGRAPH_URL is the server (default
# http://localhost:4000); SCHOLARGRAPH_KEY an API key (only when the server has
# READS_NEED_KEY=true); RETRY_SECONDS the wait before a retry (default 5). Needs curl and jq.
set -u
if [ $# -lt 1 ]; then
  echo 'usage: examples/export.sh OUT.ndjson [PARAMETER=VALUE ...]' >&2
  exit 2
fi
command -v jq > /dev/null || { echo 'export.sh needs jq to read the id of the last line (apt install jq)' >&2; exit 2; }
headers=$(mktemp)
trap 'rm -f "$headers"' EXIT
out=$1
shift
query=''
for parameter in "$@"; do query="$query&$parameter"; done
base="${SCHOLARGRAPH_URL:-http://localhost:4000}/export/papers.ndjson"
set -- -sS -D "$headers"
[ -n "${SCHOLARGRAPH_KEY:-}" ] && set -- "$@" -H "Authorization: Bearer $SCHOLARGRAPH_KEY"
touch "$out"

while :; do
  # A dropped connection can leave half a line at the end: keep the complete lines only.
  if [ -n "$(tail -c 1 "$out")" ]; then
    head -n "$(wc -l < "$out")" "$out" > "$out.part" && mv "$out.part" "$out"
  fi
  after=$(tail -n 1 "$out" | jq -r '.id // empty')
  url="$base?$(printf '%s' "$query${after:+&after=$after}" | sed 's/^&//')"
  curl "$@" -f "$url" >> "$out"
  status=$?
  if [ "$status" -eq 0 ]; then
    echo "$out: $(wc -l < "$out") papers" >&2
    exit 0
  fi
  # -f leaves an error's body out of the file; its status says whether a retry can help.
  code=$(sed -n 's/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' "$headers" | tail -n 1)
  case "$code" in
    408 | 429) ;;
    4??)
      # A bad parameter (400) or key (401) fails the same way again: ask once more to show why.
      curl "$@" "$url" >&2
      echo >&2
      exit 1
      ;;
  esac
  echo "connection lost or refused (curl exit $status, HTTP ${code:-none}): resuming in ${RETRY_SECONDS:-5} s" >&2
  sleep "${RETRY_SECONDS:-5}"
done
