# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sourced by install-check.sh and flatpak.sh: drives a running Isobar from
# outside, as a user's scripts would, through its actions on the session bus
# (org.gtk.Actions), and looks at it through the X server. Needs DISPLAY, a
# session bus, gdbus, xdotool and ImageMagick's import.
#
# The caller sets app_id, and app_pid to the process it started.

app_path () { echo "/${app_id//.//}"; }

# Whether the app's process still runs. Not `kill -0`: the process is this
# shell's child, and once it has exited it stays a zombie until the shell
# reaps it, which `kill -0` takes for alive (flatpak run, which execs
# bwrap, was seen so for the whole 30 s of app_quit).
app_running () {
  local state
  state=$(ps -o stat= -p "$app_pid" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "${state#Z}" = "$state" ]
}

# app_action NAME [GVARIANT]: activates app.NAME, with a parameter or not.
app_action () {
  local params='[]'
  [ $# -gt 1 ] && params="[<$2>]"
  gdbus call --session --dest "$app_id" --object-path "$(app_path)" \
    --method org.gtk.Actions.Activate "$1" "$params" '{}' >/dev/null
}

# Whether app.NAME is enabled.
app_action_enabled () {
  gdbus call --session --dest "$app_id" --object-path "$(app_path)" \
    --method org.gtk.Actions.Describe "$1" 2>/dev/null | grep -q '^((true,'
}

# app_wait SECONDS WHAT COMMAND…: runs COMMAND every 0.2 s until it succeeds;
# fails naming WHAT after SECONDS.
app_wait () {
  local seconds=$1 what=$2 i
  shift 2
  for i in $(seq $(( seconds * 5 ))); do
    if "$@"; then return 0; fi
    if ! app_running; then
      # It may have got there just before it exited (app_quit waits for that).
      if "$@"; then return 0; fi
      echo "the app exited while waiting for $what" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "no $what after $seconds s" >&2
  return 1
}

# The app's window on the X server, once mapped (its title is the place
# shown, so it is found by its class).
app_window () { xdotool search --onlyvisible --class '^isobar$' 2>/dev/null | head -n 1; }
app_has_window () { [ -n "$(app_window)" ]; }
app_on_bus () { app_action_enabled run || app_action_enabled cancel; }

# Waits for the window and the app's actions on the bus.
app_wait_ready () {
  app_wait "${1:-60}" "window" app_has_window &&
    app_wait "${1:-60}" "app on the session bus" app_on_bus
}

# app_screenshot FILE: the whole screen, as the user would see it.
app_screenshot () { import -window root "$1"; }

run_going () { ! app_action_enabled run; }
run_done () { app_action_enabled run; }

# Runs the current preset once and waits for the end (SECONDS, 300).
app_run_once () {
  app_action run
  app_wait 20 "run starting" run_going || true
  app_wait "${1:-300}" "end of the run" run_done
}

# app_set_workload PLACES YEARS DEPTH: what the next run analyses; a
# simulator adds no latency.
app_set_workload () {
  app_action run-places "uint32 $1"
  app_action analysis-years "uint32 $2"
  app_action analysis-depth "uint32 $3"
  app_action simulator-latency "uint32 0"
}

# app_check_export EXPORT CLI_JSON WHO: EXPORT (app.export-runs, JSON)
# holds one Recommended run whose digest is the one isobar-cli bench
# printed in CLI_JSON for the same work; says so as WHO.
app_check_export () {
  python3 - "$@" <<'EOF'
import json, sys
export, cli_json, who = sys.argv[1:]
runs = json.load(open(export))
cli = json.load(open(cli_json))
assert len(runs) == 1, f"{len(runs)} runs exported"
run = runs[0]
assert run["preset"] == "recommended", run["preset"]
assert run["digest"] == cli["digest"], f"digest {run['digest']} exported, {cli['digest']} from isobar-cli bench"
print(f"{who}: the Recommended run took {run['figures']['wall_ms'] / 1000:.1f} s; "
      f"its digest is isobar-cli bench's ({cli['digest'][:16]})", file=sys.stderr)
EOF
}

app_exited () { ! app_running; }

# app_quit SECONDS: app.quit, then the process must exit 0 in time.
app_quit () {
  local status=0
  app_action quit || true
  app_wait "${1:-30}" "exit" app_exited 2>/dev/null || {
    echo "the app did not exit within ${1:-30} s of app.quit" >&2
    kill -9 "$app_pid" 2>/dev/null || true
    return 1
  }
  wait "$app_pid" || status=$?
  [ "$status" -eq 0 ] || { echo "the app exited with status $status" >&2; return 1; }
}

# app_leftovers NAME…: prints every process still running one of the NAMEs
# (helpers, simulators); fails if there is one.
app_leftovers () {
  local name found=0
  for name in "$@"; do
    if pgrep -a -x "$name" >&2; then found=1; fi
  done
  return $found
}
