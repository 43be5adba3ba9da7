/* isobar-runs-view.c: being written. */
