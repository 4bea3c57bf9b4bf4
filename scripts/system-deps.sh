#!/usr/bin/env bash
# Install the Debian packages Qt and the tests need, when missing.
# Usage: scripts/system-deps.sh test|display|screenshots
# As root on Debian/Ubuntu it installs them; otherwise it prints the command to run.
set -euo pipefail

# Offscreen Qt (tests), fonts for widgets and letters, poppler to read PDFs back.
TEST_PKGS=(libegl1 libgl1 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libxkbcommon0
  libx11-6 fonts-dejavu-core poppler-utils)
# The tests run every service and command on a throwaway PostgreSQL server too
# (initdb, pg_ctl; pg_trgm; pg_dump/pg_restore for server backups).
PG_TEST_PKGS=(postgresql postgresql-contrib)
# A real X11 display additionally needs the xcb platform plugin's libraries.
DISPLAY_PKGS=(libxcb-cursor0 libxkbcommon-x11-0 libx11-xcb1 libxcb1 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0
  libxcb-sync1 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1)

# A seat on a server database backs it up with pg_dump / pg_restore.
PG_CLIENT=()
command -v pg_dump >/dev/null 2>&1 || PG_CLIENT=(postgresql-client)

case "${1:-test}" in
  test) wanted=("${TEST_PKGS[@]}" "${PG_TEST_PKGS[@]}") ;;
  display) wanted=("${TEST_PKGS[@]}" "${DISPLAY_PKGS[@]}" "${PG_CLIENT[@]}") ;;
  # Screenshots run the real window on a virtual X display.
  screenshots) wanted=("${TEST_PKGS[@]}" "${DISPLAY_PKGS[@]}" xvfb xauth) ;;
  *) echo "usage: $0 test|display|screenshots" >&2; exit 2 ;;
esac

command -v dpkg-query >/dev/null 2>&1 || exit 0  # not Debian: nothing we can check

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
for pkg in "${wanted[@]}"; do
  # Newer releases renamed some libraries with a t64 suffix.
  installed "$pkg" || installed "${pkg}t64" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
resolved=()
for pkg in "${missing[@]}"; do
  if apt-cache show "$pkg" >/dev/null 2>&1; then resolved+=("$pkg"); else resolved+=("${pkg}t64"); fi
done
apt-get install -y -qq --no-install-recommends "${resolved[@]}" >/dev/null
