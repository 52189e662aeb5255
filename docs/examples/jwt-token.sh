#!/usr/bin/env bash
# Mints an RS256 token for encodeflow with openssl alone (docs/security.md):
#   jwt-token.sh PRIVATE_KEY ISSUER SUBJECT GROUPS SECONDS
#   GROUPS: comma-separated roles, e.g. viewer or ingest,viewer or operator or rules-admin
set -euo pipefail
key="${1:?usage: jwt-token.sh PRIVATE_KEY ISSUER SUBJECT GROUPS SECONDS}"
issuer="${2:?issuer}"
subject="${3:?subject}"
groups="${4:?groups}"
seconds="${5:-3600}"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
groups_json=$(printf '%s' "$groups" | awk -F, '{for (i = 1; i <= NF; i++) printf "%s\"%s\"", (i > 1 ? "," : ""), $i}')
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"%s","sub":"%s","upn":"%s","groups":[%s],"iat":%d,"exp":%d,"jti":"%s"}' \
  "$issuer" "$subject" "$subject" "$groups_json" "$now" "$((now + seconds))" "$(openssl rand -hex 8)" | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$key" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"
