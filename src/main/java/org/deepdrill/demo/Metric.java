package org.deepdrill.demo;

/** A named scalar measured in the run. */
public record Metric(String name, double value, String unit) {
}
