/**
 * Engine micro-benchmarks for the {@code bench} command.
 */
package org.deepdrill.demo.tool.bench;
