#!/usr/bin/env bash
# Makes the TLS files of a seo-farm NATS cluster with openssl: a CA, a certificate per node
# (for clients and for the routes between nodes), and optionally client certificates for
# mutual TLS, signed by the same CA or by a separate client CA.
#
#   ./make-certs.sh                                  # into ./certs: nats-1, nats-2, nats-3
#   ./make-certs.sh --out /etc/nats/certs --san DNS:nats.example.com --san IP:10.0.0.5
#   ./make-certs.sh --clients "gateway actor supervisor admin" --client-ca
#
# Each node certificate names the node (DNS:<node>), DNS:localhost and IP:127.0.0.1, plus
# every --san; it serves both as a server and as a client certificate, since a node dials
# its routes. Files (PEM): ca.pem, ca-key.pem, <node>.pem, <node>-key.pem, client-ca.pem
# (what the servers verify client certificates with: a copy of ca.pem, or with --client-ca
# a CA of its own), client-ca-key.pem (with --client-ca), client-<name>.pem and
# client-<name>-key.pem. Keys are written 0600. An existing CA in --out is reused, so
# running it again adds or renews node and client certificates under the same CA.
set -euo pipefail

OUT=./certs
NODES="nats-1 nats-2 nats-3"
CLIENTS=""
DAYS=825
CA_DAYS=3650
SEPARATE_CLIENT_CA=0
EXTRA_SANS=()

usage() {
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
  cat <<USAGE

Options:
  --out DIR          where to write the files (default ./certs)
  --nodes "A B C"    node names (default "nats-1 nats-2 nats-3"): each gets <name>.pem
  --san SAN          one more subjectAltName on every node certificate (DNS:… or IP:…);
                     repeat for more (each node's address if clients or routes dial IPs)
  --clients "A B"    also client certificates client-<name>.pem for mutual TLS
  --client-ca        sign client certificates with a separate client CA (client-ca.pem),
                     so a client certificate can never pass as a node on the routes
  --days N           validity of node and client certificates (default 825)
  -h, --help         this help
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="${2:?--out needs a directory}"; shift 2 ;;
    --nodes) NODES="${2:?--nodes needs names}"; shift 2 ;;
    --san) EXTRA_SANS+=("${2:?--san needs a value such as DNS:host or IP:10.0.0.5}"); shift 2 ;;
    --clients) CLIENTS="${2:?--clients needs names}"; shift 2 ;;
    --client-ca) SEPARATE_CLIENT_CA=1; shift ;;
    --days) DAYS="${2:?--days needs a number}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "make-certs.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

case "$DAYS" in ''|*[!0-9]*) echo "make-certs.sh: --days takes a number (got $DAYS)" >&2; exit 2 ;; esac
for san in "${EXTRA_SANS[@]+"${EXTRA_SANS[@]}"}"; do
  case "$san" in DNS:?*|IP:?*) ;; *) echo "make-certs.sh: --san takes DNS:<name> or IP:<address> (got $san)" >&2; exit 2 ;; esac
done
for name in $NODES $CLIENTS; do
  case "$name" in *[!A-Za-z0-9._-]*) echo "make-certs.sh: names are letters, digits, . _ - (got $name)" >&2; exit 2 ;; esac
done
command -v openssl >/dev/null || { echo "make-certs.sh: openssl is not installed" >&2; exit 1; }

mkdir -p "$OUT"
umask 077
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A CA: self-signed, only for signing certificates.
make_ca() { # file-stem common-name
  if [ -f "$OUT/$1.pem" ] && [ -f "$OUT/$1-key.pem" ]; then
    echo "reusing $OUT/$1.pem"
    return
  fi
  openssl req -x509 -new -nodes -newkey rsa:2048 -sha256 -days "$CA_DAYS" \
    -keyout "$OUT/$1-key.pem" -out "$OUT/$1.pem" -subj "/O=seo-farm/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  chmod 0644 "$OUT/$1.pem"
  echo "wrote $OUT/$1.pem"
}

# A leaf certificate signed by a CA: sign <ca-stem> <file-stem> <common-name> <extensions>
sign() {
  openssl req -new -nodes -newkey rsa:2048 -keyout "$OUT/$2-key.pem" -out "$tmp/$2.csr" \
    -subj "/O=seo-farm/CN=$3" 2>/dev/null
  printf '%s\n' "$4" > "$tmp/$2.ext"
  openssl x509 -req -in "$tmp/$2.csr" -CA "$OUT/$1.pem" -CAkey "$OUT/$1-key.pem" \
    -CAcreateserial -CAserial "$tmp/$1.srl" -days "$DAYS" -sha256 \
    -extfile "$tmp/$2.ext" -out "$OUT/$2.pem" 2>/dev/null
  chmod 0644 "$OUT/$2.pem"
  echo "wrote $OUT/$2.pem"
}

make_ca ca "seo-farm NATS CA"
if [ "$SEPARATE_CLIENT_CA" = 1 ]; then
  make_ca client-ca "seo-farm NATS client CA"
elif [ ! -f "$OUT/client-ca-key.pem" ]; then
  # One CA for both: the servers verify client certificates with the same CA.
  cp "$OUT/ca.pem" "$OUT/client-ca.pem"
  chmod 0644 "$OUT/client-ca.pem"
fi

for node in $NODES; do
  sans="DNS:$node,DNS:localhost,IP:127.0.0.1"
  for san in "${EXTRA_SANS[@]+"${EXTRA_SANS[@]}"}"; do sans="$sans,$san"; done
  sign ca "$node" "$node" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=$sans"
done

client_ca=ca
[ -f "$OUT/client-ca-key.pem" ] && client_ca=client-ca
for client in $CLIENTS; do
  sign "$client_ca" "client-$client" "$client" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
done

echo "done: servers use ca.pem, <node>.pem, <node>-key.pem, client-ca.pem; clients NATS_TLS_CA=$OUT/ca.pem"
