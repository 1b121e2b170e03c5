#!/bin/sh
# The author profile page over GET: look the author up by name, then fetch the profile by id.
#   examples/curl-get.sh ["Author Name"]          (default: Zongkai Liu, of the demo data)
# SCHOLARGRAPH_URL is the server (default http://localhost:4000); SCHOLARGRAPH_KEY an API key,
# needed only when the server has READS_NEED_KEY=true. Prints the JSON answer; pipe it to jq.
set -eu
url="${SCHOLARGRAPH_URL:-http://localhost:4000}/graphql"
name="${1:-Zongkai Liu}"
here=$(dirname "$0")
set -- -sS --fail-with-body -G "$url" -H 'apollo-require-preflight: true' # Apollo's CSRF prevention wants this header on a GET
[ -n "${SCHOLARGRAPH_KEY:-}" ] && set -- "$@" -H "Authorization: Bearer $SCHOLARGRAPH_KEY"

# Names are passed as a variable, never pasted into the query: any name is safe.
name_json=$(printf '%s' "$name" | sed 's/\\/\\\\/g; s/"/\\"/g')
found=$(curl "$@" \
  --data-urlencode 'query=query FindAuthor($name: String!) { authors(search: $name, first: 1) { nodes { id name } } }' \
  --data-urlencode "variables={\"name\":\"$name_json\"}") || { echo "$found" >&2; exit 1; } # an HTTP error: its body says why
id=$(printf '%s' "$found" | sed -n 's/.*"nodes":\[{"id":"\([^"]*\)".*/\1/p')
if [ -z "$id" ]; then
  echo "No author matches \"$name\": $found" >&2
  exit 1
fi

curl "$@" --data-urlencode "query@$here/queries/author-profile.graphql" --data-urlencode "variables={\"id\":\"$id\"}"
echo
