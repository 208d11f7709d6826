/**
 * Pure numerics on double arrays: line and power-law fits, medians, timing. No DJL, so judges may call it.
 */
package org.deepdrill.demo.lib.stats;
