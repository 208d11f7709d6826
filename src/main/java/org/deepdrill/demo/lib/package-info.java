/**
 * Code shared by the section packages: {@code blocks} (DJL blocks), {@code data} (seeded synthetic data),
 * {@code stats} (pure numerics) and {@code train} (optimisers and training helpers). Never uses a section.
 */
package org.deepdrill.demo.lib;
