#!/bin/sh
# The author profile page over POST (JSON body): look the author up by name, then fetch the
# profile by id.
#   examples/curl-post.sh ["Author Name"]         (default: Zongkai Liu, of the demo data)
# SCHOLARGRAPH_URL is the server (default http://localhost:4000); SCHOLARGRAPH_KEY an API key,
# needed for writes, and for reads when the server has READS_NEED_KEY=true. Prints the JSON answer.
set -eu
url="${SCHOLARGRAPH_URL:-http://localhost:4000}/graphql"
name="${1:-Zongkai Liu}"
here=$(dirname "$0")
set -- -sS --fail-with-body "$url" -H 'content-type: application/json'
[ -n "${SCHOLARGRAPH_KEY:-}" ] && set -- "$@" -H "Authorization: Bearer $SCHOLARGRAPH_KEY"

# A JSON string: backslashes and quotes escaped, the query's lines joined.
json_string() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g' | tr '\n' ' '; }

found=$(curl "$@" --data-binary @- <<JSON
{"query": "query FindAuthor(\$name: String!) { authors(search: \$name, first: 1) { nodes { id name } } }",
 "variables": {"name": "$(json_string "$name")"}}
JSON
) || { echo "$found" >&2; exit 1; } # an HTTP error: its body says why
id=$(printf '%s' "$found" | sed -n 's/.*"nodes":\[{"id":"\([^"]*\)".*/\1/p')
if [ -z "$id" ]; then
  echo "No author matches \"$name\": $found" >&2
  exit 1
fi

query=$(grep -v '^#' "$here/queries/author-profile.graphql")
curl "$@" --data-binary @- <<JSON
{"query": "$(json_string "$query")", "operationName": "AuthorProfile", "variables": {"id": "$id"}}
JSON
echo
