/* isobar-heat-map.h: being written. */
