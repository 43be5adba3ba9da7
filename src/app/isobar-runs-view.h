/* isobar-runs-view.h: being written. */
