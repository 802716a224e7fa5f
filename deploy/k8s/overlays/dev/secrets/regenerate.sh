#!/usr/bin/env bash
# Makes the dev overlay's token material: a new RSA key pair whose public half the services trust (jwt-public.pem),
# and tokens signed with it, valid for ten years: one per role (../tokens/viewer.jwt, operator.jwt, admin.jwt) and the
# conversion workers' service token (../tokens/conversion-worker.jwt, role source-credentials). The private key is
# thrown away. Development only: anyone with this repository holds these tokens. Needs openssl.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
issuer=https://ferry.local/issuer
lifetime=$((10 * 365 * 24 * 3600))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/private.pem" 2>/dev/null
openssl pkey -in "$work/private.pem" -pubout -out "$here/jwt-public.pem"

base64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }

token() {
  local subject=$1 group=$2 now header payload input signature
  now=$(date +%s)
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | base64url)
  payload=$(printf '{"iss":"%s","sub":"%s","upn":"%s","groups":["%s"],"iat":%d,"exp":%d,"jti":"%s"}' \
    "$issuer" "$subject" "$subject" "$group" "$now" $((now + lifetime)) "$(cat /proc/sys/kernel/random/uuid)" \
    | base64url)
  input="$header.$payload"
  signature=$(printf '%s' "$input" | openssl dgst -sha256 -sign "$work/private.pem" -binary | base64url)
  printf '%s.%s' "$input" "$signature"
}

mkdir -p "$here/../tokens"
for role in viewer operator admin; do
  token "ferry-$role" "$role" >"$here/../tokens/$role.jwt"
done
token ferry-conversion-worker source-credentials >"$here/../tokens/conversion-worker.jwt"
echo "new dev key pair and tokens in $here and $(cd "$here/../tokens" && pwd)"
