/**
 * Demos of section 7, theory: gradient checks, softmax cross-entropy, initialisation, universal
 * approximation, bias and variance. Uses the contract and demo.lib only.
 */
package org.deepdrill.demo.theory;
