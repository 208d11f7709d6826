/**
 * Probes for the benchmarks: start-up marks, FX-thread stall measurement and node snapshots.
 */
package org.deepdrill.ui.bench;
