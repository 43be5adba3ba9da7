/* isobar-heat-map.c: being written. */
