#!/usr/bin/env bash
# Writes the fuzz seeds of issue 18's shapes into fuzz/corpus/<target>/ (committed; each under
# 4 KB, since tests/fuzz_corpora.rs replays them in `make test`): the point is the shape, not the
# size. Certificates and keys are made here with openssl, fresh each run, and are fabricated test
# material; every other secret below is made up too. Run it again only to change the seeds:
#   fuzz/make-seeds.sh
set -euo pipefail
cd "$(dirname "$0")"
corpus=$PWD/corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
q() { "$@" >/dev/null 2>&1 || { echo "make-seeds: failed: $*" >&2; exit 1; }; }
b64() { base64 -w0 "$@"; }
# put TARGET NAME: standard input into corpus/TARGET/NAME, refused when 4 KB or more.
put() {
    mkdir -p "$corpus/$1"
    cat >"$corpus/$1/$2"
    local size
    size=$(wc -c <"$corpus/$1/$2")
    [ "$size" -lt 4096 ] || { echo "make-seeds: $1/$2 is $size bytes (4 KB or more)" >&2; exit 1; }
}
# repeat N PRINTF-FORMAT: the format once per i in 1..N (i is its argument).
repeat() { local i; for ((i = 1; i <= $1; i++)); do printf -- "$2" "$i"; done; }

# --------------------------------------------------------------------------- key material (openssl)
cd "$work"
q openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout p256.key -out p256.pem \
    -days 3650 -subj "/CN=www.contoso.com" -addext "subjectAltName=DNS:www.contoso.com"
q openssl req -x509 -newkey ed25519 -nodes -keyout ed25519.key -out ed25519.pem \
    -days 3650 -subj "/CN=www.contoso.com" -addext "subjectAltName=DNS:www.contoso.com"
secret_yaml() { # CERT_FILE KEY_FILE: a Secret as kubectl prints it (data: base64)
    printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: azuremlfessl\n  namespace: azureml\ntype: Opaque\ndata:\n'
    printf '  cert.pem: %s\n  key.pem: %s\n' "$(b64 "$1")" "$(b64 "$2")"
}
secret_json() {
    printf '{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "azuremlfessl"}, "type": "Opaque", "data": {"cert.pem": "%s", "key.pem": "%s"}}\n' \
        "$(b64 "$1")" "$(b64 "$2")"
}
cat p256.pem p256.key >combined.pem

# --------------------------------------------------------------------------- secret (decodeSecret)
# Item 2: the certificate and the key together in cert.pem (a common combined PEM).
secret_yaml combined.pem p256.key | put secret secret-combined-cert-and-key.yaml
secret_json combined.pem p256.key | put secret secret-combined-cert-and-key.json
cat combined.pem | put secret pem-p256-cert-and-key
# Item 10: a bare PEM or base64 holding only a key; an Ed25519 certificate with its key.
cat p256.key | put secret pem-key-only
b64 p256.key | put secret base64-key-only
secret_yaml ed25519.pem ed25519.key | put secret secret-ed25519.yaml
cat ed25519.pem ed25519.key | put secret pem-ed25519-cert-and-key
# Item 3: a YAML tag carrying the key's base64 (a parse error must not quote it).
{
    printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: azuremlfessl\ndata:\n'
    printf '  cert.pem: %s\n  key.pem: !<%s>\n' "$(b64 p256.pem)" "$(b64 p256.key)"
} | put secret secret-key-in-tag.yaml
# Item 6's shape, small: a data map with many keys.
{
    printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: azuremlfessl\ndata:\n'
    repeat 90 '  file-%03d.txt: eA==\n'
    printf '  key.pem: %s\n' "$(b64 p256.key)"
} | put secret secret-many-keys.yaml

# --------------------------------------------------------------------------- attach_spec (validate)
cluster=/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.ContainerService/managedClusters/aks-prod
# Item 3: an inline key as a YAML tag, and as a tag on the compute's name.
{
    printf 'name: aks-v1\ntype: aks\naction: attach\nresource_id: %s\nssl:\n  cname: www.contoso.com\n' "$cluster"
    printf '  cert: |\n'
    sed 's/^/    /' p256.pem
    printf '  key: !<%s>\n' "$(b64 p256.key)"
} | put attach_spec v1-ssl-key-in-tag.yml
printf 'name: !<%s> k8s-prod\ntype: kubernetes\nresource_id: %s\n' "$(b64 p256.key)" "$cluster" | put attach_spec v2-name-tag-with-key.yml
# Item 6's shape, small: a mapping with many keys (over Azure's 50 tags), in YAML and JSON.
{
    printf 'name: k8s-prod\ntype: kubernetes\nresource_id: %s\nnamespace: azureml\ntags:\n' "$cluster"
    repeat 120 '  tag-%03d: value\n'
} | put attach_spec v2-many-tags.yml
{
    printf '{"name": "k8s-prod", "type": "kubernetes", "resource_id": "%s", "tags": {' "$cluster"
    repeat 119 '"tag-%03d": "value", '
    printf '"tag-last": "value"}}\n'
} | put attach_spec v2-many-tags.json
# Item 10: the right-to-left override U+202E in every free-text field.
{
    printf 'name: k8s-prod\ntype: kubernetes\nresource_id: %s\nnamespace: azureml\n' "$cluster"
    printf 'description: "invoice \\u202Efdp.exe"\ntags:\n  "owner\\u202E": "\xe2\x80\xaereversed"\n'
} | put attach_spec v2-rtl-override.yml
printf '{"name": "k8s-prod", "type": "kubernetes", "resource_id": "%s", "description": "a\\u202Eb", "tags": {"t": "\\u202E1"}}\n' "$cluster" |
    put attach_spec v2-rtl-override.json

# --------------------------------------------------------------------------- versions (parseVersions)
# Item 7: version cells wider than their column (they must not be cut into made-up versions).
{
    printf 'KubernetesVersion    Upgrades\n-------------------  ------------------------\n'
    printf '1.31.1000000000000000000001 None available\n'
    printf '1.30.5               1.31.100000000000000000000000000000000000001\n'
    printf '1.29.123456789012345678901234567890 1.30.5\n'
} | put versions table-wide-cells
# Item 7's shape, small: a table with many rows, and JSON lists with many entries.
{
    printf 'KubernetesVersion    Upgrades                     SupportPlan\n'
    printf -- '-------------------  ---------------------------  ------------------\n'
    repeat 50 '1.30.%-16d None available               KubernetesOfficial\n'
} | put versions table-many-rows
{
    printf '['
    repeat 50 '{"orchestratorType": "Kubernetes", "orchestratorVersion": "1.29.%d"}, '
    printf '{"orchestratorType": "Kubernetes", "orchestratorVersion": "1.30.0"}]\n'
} | put versions json-list-orchestrators.json
{ printf '['; repeat 200 '"1.30.%d", '; printf '"1.31.0"]\n'; } | put versions json-list-of-versions.json
{
    printf '{"values": [{"version": "1.30", "capabilities": {"supportPlan": ["KubernetesOfficial"]}, "patchVersions": {'
    repeat 80 '"1.30.%d": {"upgrades": []}, '
    printf '"1.30.999": {"upgrades": []}}}]}\n'
} | put versions json-values-many-patches.json

# --------------------------------------------------------------------------- explain (the troubleshooter)
jwt_header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64 | tr '+/' '-_' | tr -d '=')
jwt_claims=$(printf '{"aud":"https://management.azure.com","oid":"fabricated"}' | b64 | tr '+/' '-_' | tr -d '=')
jwt_signature=$(openssl rand -base64 48 | tr '+/' '-_' | tr -d '=\n')
jwt=$jwt_header.$jwt_claims.$jwt_signature
sig=$(openssl rand -base64 32 | tr -d '\n')
account_key=$(openssl rand -base64 64 | tr -d '\n')
# Item 4: secrets JSON-escaped as Go and .NET write them (\u0026 for &, \u002d, \u002e, key names).
key_escaped=$(sed 's/-/\\u002d/g' p256.key | awk '{printf "%s\\n", $0}')
{
    printf '{"error": {"code": "BadRequest", "message": "GET https://sa.blob.core.windows.net/c/b?sv=2022-11-02\\u0026sr=b\\u0026sig=%s failed", ' "$sig"
    printf '"details": [{"code": "X", "message": "%s"}, ' "$key_escaped"
    printf '{"code": "Y", "message": "token %s"}, ' "$(printf '%s' "$jwt" | sed 's/\./\\u002e/g')"
    printf '{"code": "Z", "message": "\\u0041ccount\\u004bey=%s;"}], ' "$account_key"
    printf '"token": "%s"}}\n' "$jwt"
} | put explain json-escaped-secrets.json
# Item 4: URL-encoded secrets.
{
    printf 'Request failed: https://sa.blob.core.windows.net/c/b?sv=2022-11-02%%26sig%%3D%s\n' "$(printf '%s' "$sig" | sed 's/+/%2B/g; s/\//%2F/g; s/=/%3D/g')"
    printf 'header=Authorization%%3A%%20Bearer%%20%s\n' "$jwt"
    printf 'conn=DefaultEndpointsProtocol%%3Dhttps%%3BAccountName%%3Dsa%%3BAccountKey%%3D%s\n' "$(printf '%s' "$account_key" | sed 's/+/%2B/g; s/\//%2F/g; s/=/%3D/g')"
    printf '(AuthorizationFailed) The client could not be authorized.\n'
} | put explain url-encoded-secrets
# Item 4: a JWT wrapped across lines, and one with \u002e separators.
{
    printf 'Authorization: Bearer %s\n' "${jwt:0:60}"
    printf '%s\n' "${jwt:60:60}" "${jwt:120}"
    printf '(InvalidAuthenticationToken) The access token is invalid.\n'
} | put explain jwt-line-wrapped
# Item 4: a service principal's password on the command line, with \ , and \" in it.
printf '$ az login --service-principal -u 00000000-0000-0000-0000-00000000000a -p "Fz8Q~a\\\\b,c\\"d%s" --tenant contoso.onmicrosoft.com\nAADSTS7000215: Invalid client secret provided.\n' "${sig:0:20}" |
    put explain az-login-password
# Item 4: `az storage account keys list` and `az acr credential show` output.
printf '[\n  {"creationTime": "2026-01-01T00:00:00+00:00", "keyName": "key1", "permissions": "FULL", "value": "%s"},\n  {"creationTime": "2026-01-01T00:00:00+00:00", "keyName": "key2", "permissions": "FULL", "value": "%s"}\n]\n' \
    "$account_key" "$(openssl rand -base64 64 | tr -d '\n')" | put explain storage-keys-list.json
printf '{\n  "passwords": [\n    {"name": "password", "value": "%s"},\n    {"name": "password2", "value": "%s"}\n  ],\n  "username": "contosoacr"\n}\n' \
    "$(openssl rand -base64 39 | tr -d '\n')" "$(openssl rand -base64 39 | tr -d '\n')" | put explain acr-credentials.json
# Item 4: the other kinds the issue names, one line each.
{
    printf 'GITHUB_TOKEN=ghp_%s\n' "$(openssl rand -hex 18)"
    printf 'Ocp-Apim-Subscription-Key: %s\n' "$(openssl rand -hex 16)"
    printf 'Server=tcp:db.database.windows.net;Uid=admin;Pwd=%s;\n' "${sig:0:16}"
    printf '{"secretText": "%s", "code": "x"}\n' "${sig:0:40}"
    printf 'https://app.contoso.com/callback?code=0.%s&state=1\n' "$(openssl rand -hex 24)"
} | put explain other-secret-kinds
# Item 5's shapes, small: bearer lines, an (AuthorizationFailed) log, many PEM and JWT fragments.
{
    repeat 20 "Authorization: Bearer $jwt_header.$jwt_claims.sig%d\n"
    repeat 20 'bearer\n'
} | put explain bearer-lines
repeat 10 "2026-11-22T10:%02d:00Z ERROR (AuthorizationFailed) The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/computes/write' over scope '/subscriptions/0/resourceGroups/rg'.\n" |
    put explain authorization-failed-log
{
    repeat 30 '-----BEGIN PRIVATE KEY----- %d\n'
    repeat 30 'eyJ eyJhb.eyJ %d.\n'
} | put explain pem-and-jwt-fragments

# --------------------------------------------------------------------------- context (the context reader)
{
    printf 'workspace:\n  subscription_id: 00000000-0000-0000-0000-000000000000\n  resource_group: rg-ml\n  name: ws-ml\n'
    printf 'existing_computes:\n'
    repeat 30 "  - {name: k8s-%d, compute_type: Kubernetes, namespace: team-a}\n"
    printf "  - {name: k8s-0, compute_type: Kubernetes, resource_id: %s, namespace: team-a}\n" "$cluster"
} | put context many-computes.yml
printf 'workspace:\n  subscription_id: 00000000-0000-0000-0000-000000000000\n  resource_group: "rg\\u202Eml"\n  name: !<%s> ws\n' "$(b64 p256.key)" |
    put context rtl-and-tag.yml
echo "make-seeds: done"
