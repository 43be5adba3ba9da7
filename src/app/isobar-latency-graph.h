/* isobar-latency-graph.h: being written. */
