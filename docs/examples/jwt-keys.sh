#!/usr/bin/env bash
# Makes an RSA key pair for encodeflow's bearer tokens (docs/security.md):
#   DIR/private.pem  signs tokens: keep it with whoever issues them, never on the service
#   DIR/public.pem   verifies them: MP_JWT_VERIFY_PUBLICKEY_LOCATION=DIR/public.pem
set -euo pipefail
dir="${1:?usage: jwt-keys.sh DIR}"
mkdir -p "$dir"
umask 077
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/private.pem" 2>/dev/null
openssl pkey -in "$dir/private.pem" -pubout -out "$dir/public.pem"
chmod 644 "$dir/public.pem"
echo "private key: $dir/private.pem (secret)"
echo "public key:  $dir/public.pem  -> export MP_JWT_VERIFY_PUBLICKEY_LOCATION=$(cd "$dir" && pwd)/public.pem"
