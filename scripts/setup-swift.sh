#!/usr/bin/env bash
# Create (or reuse) a Debian trixie root with Swift 6 (Debian's `swiftlang`) for building and
# testing the Swift package on Linux. Idempotent: each step is skipped when already done.
#
#   SWIFT_ROOT  where the root lives (default /opt/swift-trixie)
#
# Needs root (debootstrap, mount, chroot). Prints only a line per step it actually does.
set -euo pipefail

SWIFT_ROOT="${SWIFT_ROOT:-/opt/swift-trixie}"
export DEBIAN_FRONTEND=noninteractive

log() { echo "setup-swift: $*"; }

if [ "$(id -u)" -ne 0 ]; then
    echo "setup-swift: must run as root (debootstrap/chroot)" >&2
    exit 1
fi

# 1. debootstrap on the host.
if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

# 2. The trixie root itself. A root is complete once debootstrap wrote its marker of success:
#    /var/lib/dpkg/status exists and /usr/bin/apt-get is there. A half-made root is redone.
if [ ! -x "$SWIFT_ROOT/usr/bin/apt-get" ] || [ ! -s "$SWIFT_ROOT/var/lib/dpkg/status" ] \
        || [ -d "$SWIFT_ROOT/debootstrap" ]; then
    mirror="$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)"
    if [ -z "$mirror" ]; then
        mirror="$(awk '$1=="deb"{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
    fi
    mirror="${mirror:-http://deb.debian.org/debian}"
    log "debootstrap trixie into $SWIFT_ROOT from $mirror"
    # Unmount anything left mounted inside a half-made root before wiping it.
    for m in $(awk -v r="$SWIFT_ROOT/" 'index($2, r)==1 {print $2}' /proc/mounts | sort -r); do
        umount -l "$m" || true
    done
    rm -rf "$SWIFT_ROOT"
    mkdir -p "$(dirname "$SWIFT_ROOT")"
    debootstrap --variant=minbase trixie "$SWIFT_ROOT" "$mirror" >/tmp/setup-swift-debootstrap.log 2>&1 || {
        tail -30 /tmp/setup-swift-debootstrap.log >&2
        exit 1
    }
fi

# 3. /proc inside the root (swift needs it), only if not yet mounted there.
if ! mountpoint -q "$SWIFT_ROOT/proc"; then
    mount -t proc proc "$SWIFT_ROOT/proc"
fi

# 4. DNS for apt inside the root.
if ! cmp -s /etc/resolv.conf "$SWIFT_ROOT/etc/resolv.conf" 2>/dev/null; then
    cp /etc/resolv.conf "$SWIFT_ROOT/etc/resolv.conf"
fi

# 5. swiftlang + libc headers + CA bundle inside the root.
pkgs=(swiftlang libc6-dev ca-certificates)
missing=()
for p in "${pkgs[@]}"; do
    if ! chroot "$SWIFT_ROOT" dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]} in $SWIFT_ROOT"
    chroot "$SWIFT_ROOT" env DEBIAN_FRONTEND=noninteractive bash -c \
        "apt-get update -qq && apt-get install -y -qq --no-install-recommends ${missing[*]}" \
        </dev/null >/tmp/setup-swift-apt.log 2>&1 || {
        tail -30 /tmp/setup-swift-apt.log >&2
        exit 1
    }
fi

# 6. Sanity check: the compiler runs.
if ! chroot "$SWIFT_ROOT" swift --version >/dev/null 2>&1; then
    echo "setup-swift: swift does not run inside $SWIFT_ROOT" >&2
    chroot "$SWIFT_ROOT" swift --version >&2 || true
    exit 1
fi
log "ok ($(chroot "$SWIFT_ROOT" swift --version 2>&1 | head -1))"
