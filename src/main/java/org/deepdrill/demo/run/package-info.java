/**
 * Runs demos: {@link org.deepdrill.demo.run.DemoRunner} (one demo thread, cancel, per-run manager), the
 * registry and the one list of section providers, engine set-up, device choice, warm-up and native heap.
 */
package org.deepdrill.demo.run;
