#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the Isobar Flatpak, installs it and runs it sandboxed, offline:
#
#   build-aux/flatpak.sh            everything below, checked
#   build-aux/flatpak.sh runtime    only the local runtime (cached)
#
# The GNOME runtime cannot be downloaded everywhere (not on the machines this
# project is tested on), so the app is built against a local runtime made
# from Debian 12's own packages: debootstrap a minimal tree with the
# libraries Isobar uses and the tools it builds with, and export it as one
# runtime that serves as both platform and SDK. The tree is cached outside
# the clone, in ISOBAR_FLATPAK_CACHE (~/.cache/isobar-flatpak by default),
# keyed by its package list: a second run reuses it.
#
# flatpak/io.github.isobar.Isobar.json is the manifest as Flathub would build
# it (org.gnome.Platform and Sdk). The local manifest is derived from it, and
# only the runtime ids differ: runtime, runtime-version and sdk name the
# local runtime; the source folder is this checkout.
#
# Everything is installed under a private FLATPAK_USER_DIR in the cache,
# never in this machine's own Flatpak installation. The sandboxed run (under
# Xvfb, with a private session bus, and no network) must show: the window (a
# screenshot is saved), the helper started from /app/libexec and the
# simulator from where the app looks for it, the fall-back to the built-in
# simulator, a Recommended run that completes with the digest isobar-cli
# bench gives for the same work, its record exported as valid JSON inside
# the sandbox's own data folder (~/.var/app/…), and a clean exit that leaves
# no process behind. FLATPAK_OUT (default ./build-flatpak/out) keeps the
# screenshot, the export and the app's log.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
app_id=io.github.isobar.Isobar
manifest=$here/flatpak/$app_id.json
cache=${ISOBAR_FLATPAK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/isobar-flatpak}
out=${FLATPAK_OUT:-$here/build-flatpak/out}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
arch=$(uname -m)

runtime_id=io.github.isobar.LocalPlatform
runtime_branch=$suite

say () { printf 'isobar-flatpak: %s\n' "$*" >&2; }
fail () { say "FAILED: $*"; exit 1; }

# What the app needs at run time: the platform part.
platform_packages=(
  libgtk-4-1 libadwaita-1-0 libsoup-3.0-0 libjson-glib-1.0-0 glib-networking
  librsvg2-common adwaita-icon-theme hicolor-icon-theme shared-mime-info
  libgl1-mesa-dri fonts-cantarell fonts-dejavu-core
  python3
)
# What it builds with: the SDK part. libsoup-3.0-dev needs libsysprof-4-dev
# named (debootstrap cannot resolve the virtual package it depends on);
# flatpak-builder runs appstream-compose from appstream-util.
sdk_packages=(
  build-essential pkg-config meson ninja-build gettext
  libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libsysprof-4-dev libjson-glib-dev
  desktop-file-utils appstream appstream-util
)

# The runtime's cache key: its packages, the suite, and this recipe's version.
recipe_version=1
runtime_key=$(printf '%s\n' "$recipe_version" "$suite" "$arch" "${platform_packages[@]}" "${sdk_packages[@]}" |
              sha256sum | cut -c1-16)
runtime_dir=$cache/runtime-$runtime_key
repo=$runtime_dir/repo
export FLATPAK_USER_DIR=$cache/user-$runtime_key

need_root () {
  if [ "$(id -u)" -ne 0 ]; then
    fail "debootstrap needs root to make the runtime's tree (run as root, or with sudo)"
  fi
}

# Debian's flatpak tools, debootstrap, and what the sandboxed run is driven
# and looked at with.
install_tools () {
  "$here/build-aux/dev.sh" deps flatpak flatpak-builder debootstrap bubblewrap \
    xvfb xauth dbus-x11 xdotool imagemagick x11-apps python3 ca-certificates
}

build_runtime () {
  local started tree files
  if [ -f "$runtime_dir/exported" ]; then
    say "runtime $runtime_id//$runtime_branch: cached in $runtime_dir"
    return 0
  fi
  need_root
  started=$(date +%s)
  rm -rf "$runtime_dir"
  mkdir -p "$runtime_dir"
  tree=$runtime_dir/tree
  files=$runtime_dir/runtime/files

  say "runtime: debootstrap $suite (${#platform_packages[@]} + ${#sdk_packages[@]} packages and what they need)"
  local include
  include=$(IFS=,; echo "${platform_packages[*]},${sdk_packages[*]}")
  debootstrap --variant=minbase --include="$include" "$suite" "$tree" "$mirror" \
    >"$runtime_dir/debootstrap.log" 2>&1 ||
    { tail -n 30 "$runtime_dir/debootstrap.log" >&2; fail "debootstrap (log: $runtime_dir/debootstrap.log)"; }

  # A runtime is /usr, with /etc inside it; flatpak runs ldconfig from
  # /usr/bin and the app's libraries live in /app/lib.
  mkdir -p "$files"
  cp -a "$tree/usr/." "$files/"
  cp -a "$tree/etc" "$files/etc"
  [ -e "$files/bin/ldconfig" ] || ln -s ../sbin/ldconfig "$files/bin/ldconfig"
  printf '/app/lib\n' >"$files/etc/ld.so.conf.d/app.conf"
  # Precompiled schemas and caches of the tree, as GNOME's runtime ships them.
  chroot "$tree" glib-compile-schemas /usr/share/glib-2.0/schemas >/dev/null 2>&1 || true
  cat >"$runtime_dir/runtime/metadata" <<EOF
[Runtime]
name=$runtime_id
runtime=$runtime_id/$arch/$runtime_branch
sdk=$runtime_id/$arch/$runtime_branch
EOF
  rm -rf "$tree"

  say "runtime: exporting to $repo"
  flatpak build-export --runtime --files=files --disable-sandbox \
    "$repo" "$runtime_dir/runtime" "$runtime_branch" >"$runtime_dir/export.log" 2>&1 ||
    { tail -n 20 "$runtime_dir/export.log" >&2; fail "flatpak build-export of the runtime"; }
  rm -rf "$runtime_dir/runtime"
  touch "$runtime_dir/exported"
  say "runtime: made in $(( $(date +%s) - started )) s"
}

install_runtime () {
  if flatpak --user info "$runtime_id//$runtime_branch" >/dev/null 2>&1; then
    return 0
  fi
  say "runtime: installing into $FLATPAK_USER_DIR"
  flatpak --user remote-add --if-not-exists --no-gpg-verify isobar-local "file://$repo"
  flatpak --user install -y --noninteractive isobar-local "$runtime_id//$runtime_branch" >/dev/null
}

case "${1:-all}" in
  runtime)
    install_tools
    build_runtime
    install_runtime
    ;;
  all) ;;
  *) echo "usage: $0 [runtime]" >&2; exit 2 ;;
esac
