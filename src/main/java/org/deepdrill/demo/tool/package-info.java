/**
 * Engine tools beside the demos: {@code inspect} (reference-model summaries) and {@code bench} (micro-benchmarks).
 */
package org.deepdrill.demo.tool;
