/* isobar-window-runs.c: being written. */
