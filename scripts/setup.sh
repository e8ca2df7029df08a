#!/usr/bin/env bash
# Installs every Debian package PlanMap needs to build, test and run. Idempotent: when everything
# is already there it only checks (dpkg-query) and exits in well under a second.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git clang-format
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin
  libsqlite3-dev sqlite3 libspatialite-dev libsqlite3-mod-spatialite spatialite-bin
  nlohmann-json3-dev qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libgl-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n libqt6svg6
  libgtest-dev libbenchmark-dev
  fonts-noto-cjk xvfb xauth imagemagick poppler-utils unzip libimage-exiftool-perl
  libxlsxwriter-dev libqpdf-dev libpq-dev postgresql-15 postgresql-15-postgis-3
  clang libclang-rt-14-dev
  libboost-dev libsodium-dev libprotozero-dev zlib1g-dev
  nodejs chromium
  procps
)

missing=()
# Debian's nodejs comes without npm (package npm); NodeSource's nodejs, where a machine has it,
# carries its own npm and conflicts with Debian's.
command -v npm >/dev/null || PACKAGES+=(npm)
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# The web client's npm packages (app/web/package-lock.json) into app/web/node_modules, again only
# when the lockfile changed since the last `npm ci` (a copy of it is kept as the stamp).
web_packages() {
  local web=app/web
  cmp -s "$web/package-lock.json" "$web/node_modules/.planmap-lock" && return 0
  echo "setup.sh: npm ci in $web"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$web/package-lock.json" "$web/node_modules/.planmap-lock"
}
cd "$(dirname "$0")/.."

if [ ${#missing[@]} -eq 0 ]; then
  web_packages
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi

echo "setup.sh: installing ${#missing[@]} package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup.sh: done"
web_packages
