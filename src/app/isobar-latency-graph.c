/* isobar-latency-graph.c: being written. */
