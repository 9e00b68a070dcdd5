#!/usr/bin/env bash
# Installs the system packages that Nucleus's build, tests, demo and benchmarks need.
# Idempotent; run as root (CI does). Debian 12 (bookworm). Needs no stdin.
#   required: build and test toolchain (clang-14 + libclang-rt-14-dev: libFuzzer for the shim's plan
#             decoder, native/src/test/c/fuzz.sh), the kernel tools the adapters drive
#             and nix-bin (production's rootfs lives in the Nix store; the tests build theirs with it)
#   optional: peers and extras (runc, crun, bwrap, runsc, hyperfine); a missing one is reported
#             and the rest of the setup goes on; tests that need it say what they skipped.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

REQUIRED=(gcc make maven libseccomp-dev iptables iproute2 uidmap slirp4netns busybox-static libcap2-bin attr jq clang-14 libclang-rt-14-dev python3
  nix-bin)
OPTIONAL=(runc crun bubblewrap hyperfine runsc)
JDK=/usr/lib/jvm/temurin-25-jdk-amd64

log() { printf '[setup] %s\n' "$*"; }

if [[ $(id -u) -ne 0 ]]; then
  echo "[setup] must run as root (apt-get install); try: sudo $0" >&2
  exit 1
fi

# bookworm-backports, on the same mirror host the existing sources use, for newer peers.
# (runsc 0.0~20221219 is in bookworm main; backports is checked for anything newer.)
add_backports() {
  local codename uri
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  [[ $codename == bookworm ]] || { log "not bookworm ($codename): backports not added"; return 0; }
  if grep -rqs -- "${codename}-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    return 0
  fi
  uri=$(grep -rhs -E '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
    grep -Eo 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n1 | tr -d ' ' || true)
  uri=${uri:-http://deb.debian.org/debian}
  log "adding ${codename}-backports from $uri"
  cat >/etc/apt/sources.list.d/nucleus-backports.sources <<SRC
Types: deb
URIs: ${uri%/}
Suites: ${codename}-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
}

missing() { local p; for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || echo "$p"; done; }

add_backports
mapfile -t need < <(missing "${REQUIRED[@]}" "${OPTIONAL[@]}")
if ((${#need[@]})); then
  log "apt-get update"
  apt-get update -q
  mapfile -t need_req < <(missing "${REQUIRED[@]}")
  if ((${#need_req[@]})); then
    log "installing required: ${need_req[*]}"
    apt-get install -y -q --no-install-recommends "${need_req[@]}"
  fi
  unavailable=()
  for p in $(missing "${OPTIONAL[@]}"); do
    log "installing optional: $p ($(apt-cache policy "$p" | awk '/Candidate:/ {print $2}'))"
    apt-get install -y -q --no-install-recommends "$p" || unavailable+=("$p")
  done
  if ((${#unavailable[@]})); then
    log "WARNING: optional packages not available here: ${unavailable[*]} (the tests and benchmarks that need them will say so)"
  fi
else
  log "all packages already installed"
fi

# gVisor: bookworm main has runsc 0.0~20221219; bookworm-backports has a 2024 release. Prefer it.
runsc_bpo=$(apt-cache policy runsc 2>/dev/null | grep -Eo '[^ ]+~bpo12[^ ]*' | head -n1 || true)
runsc_now=$(dpkg-query -W -f='${Version}' runsc 2>/dev/null || true)
if [[ -n $runsc_bpo && $runsc_now != "$runsc_bpo" ]]; then
  log "installing runsc $runsc_bpo from bookworm-backports (was: ${runsc_now:-none})"
  apt-get install -y -q --no-install-recommends -t bookworm-backports runsc ||
    log "WARNING: runsc from bookworm-backports failed; keeping ${runsc_now:-no runsc}"
fi

# Temurin 25 is not a Debian package: it must already be on the machine.
if [[ -x $JDK/bin/java ]]; then
  log "JDK: $("$JDK/bin/java" -version 2>&1 | head -n1)"
  if "$JDK/bin/java" -version 2>&1 | grep -q '"25\.0\.[0-3]"'; then
    log "note: this JDK has JDK-8377932 (stale AOT cache used silently, fixed in 25.0.4); bin/nucleus guards against it"
  fi
else
  echo "[setup] ERROR: $JDK is missing: Nucleus needs Temurin 25 there (not installable from Debian)" >&2
  exit 1
fi
for p in runc crun bwrap runsc hyperfine nix busybox; do
  printf '[setup] %-9s %s\n' "$p" "$(command -v "$p" || echo 'not installed')"
done
