/**
 * The demo contract: {@link org.deepdrill.demo.Demo} (measure, judge, present), {@link org.deepdrill.demo.Break},
 * {@link org.deepdrill.demo.Claim}, specs, parameters, the run context and the result records.
 * Subpackages: {@code run} (the runner and engine set-up), {@code lib} (shared code), {@code tool} (inspector and
 * micro-benchmarks), and one package per content section.
 */
package org.deepdrill.demo;
