/* isobar-normals-chart.c: being written. */
