#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks Isobar as installed, the way a desktop launches it:
#
#   build-aux/install-check.sh
#
# Installs the build (BUILDDIR, ./build) with `meson install --destdir` into
# a temporary folder; validates the installed desktop file (no error, no
# hint) and metainfo (appstreamcli --no-net and the stricter appstream-util),
# checks that Exec names the installed isobar and that the icon is there;
# compiles the installed schemas; then starts that installed isobar under
# Xvfb with a private session bus, a fresh home and none of the ISOBAR_*
# overrides the tests use, from a folder outside the tree. The window must
# show (screenshot), a Recommended run must complete with the helper started
# from the installed libexecdir and the simulator from the installed bindir,
# its export must be valid JSON, app.quit must end the app with status 0 and
# leave no helper or simulator behind, and no file of the source or build
# tree may be opened, run or even looked at (strace says which files it
# touched). The screenshot and logs stay in $BUILDDIR/install-check.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=$(cd "${BUILDDIR:-$here/build}" && pwd)
app_id=io.github.isobar.Isobar
out=$builddir/install-check

say () { printf 'isobar-install-check: %s\n' "$*" >&2; }
fail () { say "FAILED: $*"; exit 1; }

if [ -z "${ISOBAR_INSTALL_CHECK_INNER:-}" ]; then
  "$here/build-aux/dev.sh" deps strace appstream-util
  [ -f "$builddir/build.ninja" ] || fail "no build in $builddir: run build-aux/dev.sh test first"
  export ISOBAR_INSTALL_CHECK_INNER=1
  exec dbus-run-session -- "$here/build-aux/xvfb-run.sh" 1280x800 "$0" "$@"
fi

# shellcheck source=build-aux/app-session.sh
. "$here/build-aux/app-session.sh"

rm -rf "$out"
mkdir -p "$out"
dest=$(mktemp -d -t isobar-install-XXXXXX)
home=$(mktemp -d -t isobar-home-XXXXXX)
trap 'rm -rf "$dest" "$home"' EXIT

prefix=$(python3 -c 'import json, sys
print(next(o["value"] for o in json.load(open(sys.argv[1])) if o["name"] == "prefix"))' \
  "$builddir/meson-info/intro-buildoptions.json")
root=$dest$prefix

say "meson install --destdir $dest (prefix $prefix)"
meson install -C "$builddir" --destdir "$dest" --no-rebuild --quiet >"$out/install.log" 2>&1 ||
  { tail -n 20 "$out/install.log" >&2; fail "meson install"; }

# The launcher and the software centre's entry, as installed.
desktop=$root/share/applications/$app_id.desktop
metainfo=$root/share/metainfo/$app_id.metainfo.xml
[ -f "$desktop" ] || fail "no desktop file at $desktop"
[ -f "$metainfo" ] || fail "no metainfo at $metainfo"
notes=$(desktop-file-validate "$desktop" 2>&1 || true)
[ -z "$notes" ] || fail "desktop-file-validate: $notes"
appstreamcli validate --no-net "$metainfo" >"$out/appstreamcli.log" 2>&1 ||
  { cat "$out/appstreamcli.log" >&2; fail "appstreamcli validate --no-net"; }
appstream-util validate --nonet "$metainfo" >"$out/appstream-util.log" 2>&1 ||
  { cat "$out/appstream-util.log" >&2; fail "appstream-util validate --nonet"; }

exec_line=$(sed -n 's/^Exec=//p' "$desktop" | head -n 1)
program=${exec_line%% *}
case "$program" in
  /*) installed_program=$dest$program ;;
  *) installed_program=$root/bin/$program ;;
esac
[ "$(basename "$program")" = isobar ] || fail "Exec names $program, not isobar"
[ -x "$installed_program" ] || fail "Exec names $program, but $installed_program is not installed"
icon=$(sed -n 's/^Icon=//p' "$desktop" | head -n 1)
[ -f "$root/share/icons/hicolor/scalable/apps/$icon.svg" ] || fail "no icon $icon installed"
say "desktop file, metainfo and icon valid; Exec=$exec_line is $installed_program"

glib-compile-schemas --strict "$root/share/glib-2.0/schemas"

# A fresh user, none of the overrides the tests set, outside the tree.
unset ISOBAR_SIM ISOBAR_HELPER ISOBAR_REFERENCE_SCRIPT ISOBAR_PYTHON GSETTINGS_SCHEMA_DIR
export HOME=$home
export XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share XDG_CACHE_HOME=$home/.cache
export GSETTINGS_SCHEMA_DIR=$root/share/glib-2.0/schemas GSETTINGS_BACKEND=keyfile
export XDG_DATA_DIRS=$root/share:/usr/local/share:/usr/share
export GSK_RENDERER=cairo GTK_A11Y=none
export PATH=$root/bin:/usr/local/bin:/usr/bin:/bin
cd "$home"

say "starting $installed_program"
strace -f -qq -e trace=%file -o "$out/files.log" "$installed_program" >"$out/app.log" 2>&1 &
app_pid=$!

app_wait_ready 120 || fail "the installed app did not show its window (log: $out/app.log)"
sleep 2
app_screenshot "$out/window.png"
say "window shown: $out/window.png"

# A small Recommended run from the simulator.
app_set_workload 2 5 2000
app_action data-source "'simulator'"
app_action preset "'recommended'"
app_run_once 300 || fail "the Recommended run did not end (log: $out/app.log)"

export_file=$home/runs.json
app_action export-runs "'$export_file'"
app_wait 30 "export" test -s "$export_file" || fail "no export at $export_file"
sleep 0.5
cp "$export_file" "$out/runs.json"
# The same work from the installed isobar-cli must give the same results.
"$root/bin/isobar-cli" bench --preset recommended --locations 2 --years 5 --resamples 2000 --json \
  >"$out/cli.json" 2>"$out/cli.log" || { cat "$out/cli.log" >&2; fail "the installed isobar-cli bench"; }
app_check_export "$export_file" "$out/cli.json" isobar-install-check ||
  fail "the export is not the run's record, or its results differ from isobar-cli's"

app_quit 30 || fail "app.quit (log: $out/app.log)"
sleep 0.5
app_leftovers isobar-helper isobar-sim || fail "processes left behind"

# What the installed app ran and touched.
grep -q "execve(\"$root/libexec/isobar-helper\"" "$out/files.log" ||
  fail "the helper was not started from $root/libexec"
grep -q "execve(\"$root/bin/isobar-sim\"" "$out/files.log" ||
  fail "the simulator was not started from $root/bin"
# With a GLib older than 2.76 it ran itself once more, by its own path (so
# that the process is still named isobar), for G_SLICE=always-malloc (main.c).
execs=$(grep -cE "execve\(\"[^\"]*/bin/isobar\"" "$out/files.log" || true)
if pkg-config --atleast-version=2.76 glib-2.0; then want=1; else want=2; fi
[ "$execs" -eq "$want" ] || fail "isobar was exec'd $execs times, not $want (GLib $(pkg-config --modversion glib-2.0))"
if grep -F -e "$here/" -e "$builddir/" "$out/files.log" >"$out/tree-files.log"; then
  head -n 20 "$out/tree-files.log" >&2
  fail "the installed app touched files of the source or build tree"
fi
say "passed: installed, launched from $installed_program, helper and simulator from the installed tree, no file of the tree touched"
