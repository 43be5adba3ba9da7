/* isobar-verdict.c: being written. */
