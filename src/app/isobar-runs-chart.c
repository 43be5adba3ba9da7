/* isobar-runs-chart.c: being written. */
