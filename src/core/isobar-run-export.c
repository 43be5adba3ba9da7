/* isobar-run-export.c: being written. */
