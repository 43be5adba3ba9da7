/* isobar-normals-chart.h: being written. */
