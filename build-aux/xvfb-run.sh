#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a command on a fresh Xvfb of the given size, as every script here
# that needs a display does:
#
#   build-aux/xvfb-run.sh WIDTHxHEIGHT COMMAND [ARGUMENT…]
#
# The first free display is taken (-a), 24-bit colour. -noreset: by default
# Xvfb resets itself when its last client disconnects and drops any client
# that connects meanwhile, so a script polling with xdotool or xprop beside
# an app that is starting failed now and then with "cannot open display"
# (CI's Flatpak step; four xprop loops here: 20 of 1 200 connections
# refused, 0 with -noreset).
set -eu
[ $# -ge 2 ] || { echo "usage: $0 WIDTHxHEIGHT COMMAND [ARGUMENT…]" >&2; exit 2; }
size=$1
shift
exec xvfb-run -a -s "-screen 0 ${size}x24 -noreset" "$@"
