/* isobar-runs-chart.h: being written. */
