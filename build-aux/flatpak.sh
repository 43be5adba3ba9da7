#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the Isobar Flatpak, installs it and runs it sandboxed, offline:
#
#   build-aux/flatpak.sh            everything below, checked
#   build-aux/flatpak.sh runtime    only the local runtime (cached)
#   build-aux/flatpak.sh run        only the sandboxed run, of the app as
#                                   last built and installed here
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

# shellcheck source=build-aux/app-session.sh
. "$here/build-aux/app-session.sh"

say () { printf 'isobar-flatpak: %s\n' "$*" >&2; }
fail () { say "FAILED: $*"; exit 1; }

# What the app needs at run time: the platform part.
platform_packages=(
  libgtk-4-1 libadwaita-1-0 libsoup-3.0-0 libjson-glib-1.0-0 glib-networking
  librsvg2-common adwaita-icon-theme hicolor-icon-theme shared-mime-info
  libgl1-mesa-dri fonts-cantarell fonts-dejavu-core
  python3
  # dconf needs a session bus package, virtual in Debian: debootstrap cannot
  # choose one itself.
  dbus-x11
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
    elfutils xvfb xauth dbus-x11 xdotool imagemagick x11-apps python3 ca-certificates
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

# The manifest flatpak-builder builds here: the published one with the
# local runtime's ids, and this checkout, whole, as the source.
local_manifest () {
  mkdir -p "$work"
  python3 - "$manifest" "$work/$app_id.json" "$runtime_id" "$runtime_branch" "$here" <<'EOF'
import json, sys
source, target, runtime, branch, tree = sys.argv[1:]
m = json.load(open(source))
m["runtime"] = m["sdk"] = runtime
m["runtime-version"] = branch
for module in m["modules"]:
    for s in module.get("sources", []):
        if s.get("type") == "dir":
            s["path"] = tree
json.dump(m, open(target, "w"), indent=2)
EOF
}

build_app () {
  local started
  started=$(date +%s)
  local_manifest
  say "app: flatpak-builder (log: $out/builder.log)"
  flatpak-builder --user --install --force-clean --disable-rofiles-fuse \
    --state-dir="$cache/builder-state" \
    "$work/build" "$work/$app_id.json" >"$out/builder.log" 2>&1 ||
    { tail -n 40 "$out/builder.log" >&2; fail "flatpak-builder"; }
  # What Flathub shows: the metainfo composed, with the icon at 64 and 128 px.
  local px
  for px in 64 128; do
    [ -f "$work/build/files/share/app-info/icons/flatpak/${px}x$px/$app_id.png" ] ||
      fail "no ${px}×$px icon composed from the app's icon"
  done
  say "app: built and installed in $(( $(date +%s) - started )) s"
}

# ---- the sandboxed run, under Xvfb with a private session bus ----

# What the sandbox's processes run, as the host's /proc shows them (the
# paths inside the sandbox, /app/…): every program seen while the app runs,
# looked at every 20 ms, so that a helper that lives for a short run is seen.
watch_programs () {
  local seen=$1
  : >"$seen"
  while app_running; do
    find /proc/[0-9]*/exe -maxdepth 0 -printf '%l\n' 2>/dev/null | grep '^/app/' >>"$seen" || true
    sleep 0.02
  done
}

sandboxed_run () {

  local home data export_asked export_file
  home=$(mktemp -d -t isobar-flatpak-home-XXXXXX)
  trap 'rm -rf "$home"' RETURN
  export HOME=$home
  data=$home/.var/app/$app_id

  # A place shown at start-up, as a user who searched for Berlin before:
  # its forecast has to come from somewhere.
  mkdir -p "$data/config/glib-2.0/settings"
  cat >"$data/config/glib-2.0/settings/keyfile" <<'EOF'
[io/github/isobar/Isobar]
selected-location=@m(xssssdds) (int64 2950159, 'Berlin', 'Land Berlin', 'Germany', 'DE', 52.52, 13.41, 'Europe/Berlin')
EOF

  say "sandbox: flatpak run, no network (log: $out/app.log)"
  flatpak run --user --unshare=network --env=GSK_RENDERER=cairo --env=GTK_A11Y=none \
    "$app_id" >"$out/app.log" 2>&1 &
  app_pid=$!
  watch_programs "$out/programs.seen" &
  watcher=$!

  app_wait_ready 120 || { cat "$out/app.log" >&2; fail "the window did not show in the sandbox"; }
  # The forecast falls back to the simulator: its banner says so.
  app_wait 60 "fall-back message" grep -q "showing the built-in simulator's weather instead" "$out/app.log" ||
    { cat "$out/app.log" >&2; fail "the app did not fall back to its simulator"; }
  sleep 3
  app_screenshot "$out/window.png"
  say "sandbox: window shown, offline, on the simulator: $out/window.png"

  app_set_workload "$places" "$years" "$depth"
  app_action preset "'recommended'"
  app_run_once 300 || fail "the Recommended run did not end"
  app_screenshot "$out/after-run.png"
  grep -q "the run uses the built-in simulator instead" "$out/app.log" ||
    fail "the run did not say it used the simulator"

  # An export to /tmp: private to the sandbox, so it goes to the app's own
  # data folder, which the host sees.
  export_asked=/tmp/isobar-runs.json
  export_file=$data/data/isobar/exports/isobar-runs.json
  app_action export-runs "'$export_asked'"
  app_wait 30 "export in $export_file" test -s "$export_file" ||
    { cat "$out/app.log" >&2; fail "no export in the sandbox's data folder"; }
  sleep 0.5
  cp "$export_file" "$out/runs.json"

  app_quit 30 || { cat "$out/app.log" >&2; fail "app.quit in the sandbox"; }
  sleep 1
  app_leftovers isobar isobar-helper isobar-sim || fail "processes left behind by the sandboxed app"
  if pgrep -a -f "flatpak run.*$app_id|bwrap.*$app_id" >&2; then
    fail "sandbox processes left behind"
  fi

  wait "$watcher" || true
  sort -u "$out/programs.seen" >"$out/programs.txt"
  grep -qx /app/libexec/isobar-helper "$out/programs.txt" ||
    { cat "$out/programs.txt" >&2; fail "no helper ran from /app/libexec"; }
  grep -qx /app/bin/isobar-sim "$out/programs.txt" ||
    { cat "$out/programs.txt" >&2; fail "no simulator ran from /app/bin"; }
  say "sandbox: ran $(tr '\n' ' ' <"$out/programs.txt")"
}

compare_digest () {
  local cli=${ISOBAR_CLI:-$here/build/src/cli/isobar-cli}
  local bench=(bench --preset recommended --locations "$places" --years "$years" --resamples "$depth" --json)
  if [ -x "$cli" ]; then
    ISOBAR_SIM=${ISOBAR_SIM:-$here/build/src/sim/isobar-sim} \
    ISOBAR_HELPER=${ISOBAR_HELPER:-$here/build/src/helper/isobar-helper} \
      "$cli" "${bench[@]}" >"$out/cli.json" 2>"$out/cli.log" ||
      { cat "$out/cli.log" >&2; fail "isobar-cli bench"; }
  else
    say "no $cli to compare with (build-aux/dev.sh test builds it): comparing with isobar-cli in the sandbox"
    flatpak run --user --unshare=network --command=isobar-cli "$app_id" "${bench[@]}" \
      >"$out/cli.json" 2>"$out/cli.log" || { cat "$out/cli.log" >&2; fail "isobar-cli bench in the sandbox"; }
  fi
  app_check_export "$out/runs.json" "$out/cli.json" "isobar-flatpak: sandbox" || fail "the sandboxed run's record"
  # The instruments read /proc inside the sandbox too.
  python3 -c 'import json, sys
figures = json.load(open(sys.argv[1]))[0]["figures"]
assert figures["cpu_ms_app"] > 0 and figures["cpu_ms_helpers"] > 0 and figures["peak_rss_kb"] > 0, figures' \
    "$out/runs.json" || fail "the sandboxed run's CPU and memory figures"
}

# The published manifest, as Flathub would read it.
check_manifest () {
  python3 - "$manifest" <<'EOF' || fail "the manifest"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["runtime"] == "org.gnome.Platform" and m["sdk"] == "org.gnome.Sdk", "Flathub builds against GNOME's runtime"
args = m.get("finish-args", [])
wide = [a for a in args if a.startswith("--filesystem") or a in ("--socket=session-bus", "--socket=system-bus", "--device=all")]
assert not wide, f"finish-args wider than needed: {wide}"
EOF
}

mkdir -p "$out"
work=$here/build-flatpak
places=2
years=5
depth=20000

case "${1:-all}" in
  runtime)
    install_tools
    build_runtime
    install_runtime
    ;;
  all)
    started=$(date +%s)
    check_manifest
    install_tools
    build_runtime
    install_runtime
    build_app
    ISOBAR_FLATPAK_INNER=1 dbus-run-session -- "$here/build-aux/xvfb-run.sh" 1280x800 "$0" sandboxed-run
    compare_digest
    say "passed in $(( $(date +%s) - started )) s: built, installed in $FLATPAK_USER_DIR, ran sandboxed and offline"
    ;;
  run)
    # The app as last built and installed here, run and checked again.
    ISOBAR_FLATPAK_INNER=1 dbus-run-session -- "$here/build-aux/xvfb-run.sh" 1280x800 "$0" sandboxed-run
    compare_digest
    ;;
  sandboxed-run)
    [ -n "${ISOBAR_FLATPAK_INNER:-}" ] || { echo "$0: sandboxed-run is run by $0 itself" >&2; exit 2; }
    sandboxed_run
    ;;
  *) echo "usage: $0 [runtime|run]" >&2; exit 2 ;;
esac
