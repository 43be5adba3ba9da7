#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The two set-up commands of the README:
#   build-aux/dev.sh run    install what is missing, build, launch Isobar
#   build-aux/dev.sh test   install what is missing, build, run every test
#   build-aux/dev.sh screenshots
#                           regenerate data/screenshots/ (README, metainfo)
#   build-aux/dev.sh deps [PACKAGE…]
#                           install what is missing (and PACKAGEs), nothing else
#
# Works on a fresh Debian 12 machine as root (or with sudo). Set BUILDDIR to
# build somewhere else than ./build.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=${BUILDDIR:-$here/build}

# What Isobar needs to build, run and test on Debian 12.
packages=(
  build-essential pkg-config meson ninja-build gettext
  libglib2.0-dev libglib2.0-bin libglib2.0-dev-bin
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev
  glib-networking adwaita-icon-theme librsvg2-common
  desktop-file-utils appstream
  xvfb xauth dbus-x11 xdotool x11-apps imagemagick
  libgl1-mesa-dri fonts-cantarell fonts-dejavu-core
)

say () { printf 'isobar: %s\n' "$*" >&2; }

install_missing () {
  local missing=()
  local p
  for p in "${packages[@]}" "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then
      sudo=(sudo)
    else
      say "these packages are missing and I am not root: ${missing[*]}"
      exit 1
    fi
  fi
  say "installing ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build () {
  local werror=false
  # CI builds with -Werror; people with a newer compiler should not be stopped by a new warning.
  if [ -n "${CI:-}" ]; then werror=true; fi
  if [ ! -f "$builddir/build.ninja" ]; then
    meson setup "$builddir" "$here" -Dwerror=$werror
  fi
  meson compile -C "$builddir"
}

have_display () {
  [ -n "${WAYLAND_DISPLAY:-}" ] || [ -n "${DISPLAY:-}" ]
}

cmd_run () {
  install_missing
  build
  # meson devenv prepends the source data folder (icons); keep the system's.
  export XDG_DATA_DIRS=${XDG_DATA_DIRS:-/usr/local/share:/usr/share}
  if ! have_display; then
    say "no display found: showing the forecast for Berlin from the built-in simulator in the terminal instead"
    exec meson devenv -C "$builddir" isobar-cli forecast Berlin
  fi
  exec meson devenv -C "$builddir" isobar "$@"
}

cmd_test () {
  install_missing
  build
  # The display suite needs an X server and a session bus: Xvfb and a private
  # D-Bus session, whether or not this machine has a display of its own.
  local status=0
  dbus-run-session -- "$here/build-aux/xvfb-run.sh" 1920x1080 \
    meson test -C "$builddir" --print-errorlogs "$@" || status=$?
  # CI also checks the app as installed and launched (install-check.sh),
  # runs the displayless suite under ASan, LSan and UBSan (SANITIZERS.md),
  # fuzzes each parser and decoder for a minute (FUZZING.md), and builds,
  # installs and runs the Flatpak, sandboxed and offline (flatpak.sh).
  if [ -n "${CI:-}" ]; then
    "$here/build-aux/install-check.sh" || status=$?
    "$here/build-aux/sanitize.sh" || status=$?
    "$here/build-aux/fuzz.sh" 60 || status=$?
    "$here/build-aux/flatpak.sh" || status=$?
  fi
  summarize "$builddir/meson-logs/testlog.json"
  return $status
}

# The pictures of the README and the metainfo: the app in each state, light
# and dark, as test-app and test-app-python leave them in the build folder.
cmd_screenshots () {
  install_missing
  build
  # One at a time: the runs on the pictures are measured, and a second test
  # beside them (real Python's threads, say) would make them look janky.
  dbus-run-session -- "$here/build-aux/xvfb-run.sh" 1920x1080 \
    meson test -C "$builddir" --print-errorlogs --num-processes 1 test-app test-app-python
  local name
  for name in forecast climate runs running runs-python; do
    for scheme in light dark; do
      cp "$builddir/screenshot-$name-$scheme.png" "$here/data/screenshots/$name-$scheme.png"
    done
  done
  say "screenshots copied to data/screenshots/: look at them before committing"
}

# One closing line in the plain "N passed, N failed, N skipped" form, counted
# from meson's log.
summarize () {
  local log=$1 passed failed skipped
  [ -f "$log" ] || return 0
  passed=$(grep -c '"result": "OK"' "$log" || true)
  skipped=$(grep -c '"result": "SKIP"' "$log" || true)
  failed=$(grep -c -E '"result": "(FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS)"' "$log" || true)
  echo "tests: $passed passed, $failed failed, $skipped skipped"
}

case "${1:-}" in
  run)  shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  screenshots) shift; cmd_screenshots ;;
  deps) shift; install_missing "$@" ;;
  *)    echo "usage: $0 run|test|screenshots|deps" >&2; exit 2 ;;
esac
