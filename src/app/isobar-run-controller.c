/* isobar-run-controller.c: being written. */
