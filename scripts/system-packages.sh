#!/usr/bin/env bash
# Make sure the Debian packages SafeCampus uses are installed.
#
#   scripts/system-packages.sh [GROUP ...]     (default group: base)
#
# Groups:
#   base     what `make run` and `make test` use: WeasyPrint's libraries (pango,
#            harfbuzz subsetting) and the Noto CJK fonts that put Chinese glyphs
#            into the printable PDFs, the MQTT broker IoT gateways publish to
#            (mosquitto) and ffmpeg (the demo cameras' local test stream)
#   pg       PostgreSQL 15 (make test-pg, make bench)
#   browser  Debian's Chromium (make test-browser)
#   ci       everything CI runs: base, pg, browser, gettext and poppler
#
# Quiet and idempotent: when everything is there it prints nothing and exits 0.
# As root it installs what is missing with apt-get; otherwise it stops at once
# with the exact command to run.
set -euo pipefail

declare -A PACKAGE_GROUPS=(
    [base]="fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 mosquitto ffmpeg"
    [pg]="postgresql"
    [browser]="chromium"
    [ci]="fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 mosquitto ffmpeg postgresql chromium gettext poppler-utils"
)

wanted=()
for group in "${@:-base}"; do
    [[ -n "${PACKAGE_GROUPS[$group]:-}" ]] || { echo "system-packages: unknown group '$group' (base, pg, browser, ci)" >&2; exit 2; }
    # shellcheck disable=SC2206
    wanted+=(${PACKAGE_GROUPS[$group]})
done

command -v dpkg-query >/dev/null 2>&1 || exit 0  # not a Debian system: nothing this script can check

missing=()
for package in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ "$(id -u)" -ne 0 ]]; then
    echo "SafeCampus needs these Debian packages: ${missing[*]}" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi

echo "installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq -o Dpkg::Use-Pty=0 "${missing[@]}" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    apt-get install -y -qq -o Dpkg::Use-Pty=0 "${missing[@]}" >/dev/null
fi
