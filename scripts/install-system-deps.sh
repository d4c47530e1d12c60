#!/usr/bin/env bash
# Installs the Debian 12 packages needed to build the desktop app and run its end-to-end tests.
# Idempotent: apt-get skips what is already installed. Uses sudo only when not root.
set -euo pipefail

PACKAGES=(
  # Build (Tauri 2 on WebKitGTK 4.1)
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev
  build-essential pkg-config file
  # Run and test under a virtual display, through WebKit's own WebDriver
  xvfb xauth x11-utils webkit2gtk-driver dbus dbus-x11 imagemagick
  # Icons (rsvg-convert) and the Python test environment
  librsvg2-bin python3-venv python3-pip
  # rpm bundles
  rpm
  # Workbook checks: LibreOffice headless converts each workbook to PDF, pdftoppm renders a page
  libreoffice-calc-nogui poppler-utils
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-system-deps: everything is installed"
  exit 0
fi

echo "install-system-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
