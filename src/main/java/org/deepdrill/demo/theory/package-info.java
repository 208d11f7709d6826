/**
 * Demos of section 7, theory: gradient checks, softmax cross-entropy, initialisation, universal
 * approximation, bias and variance, regularisation ({@code RegularisationDemo}, Q34), and
 * superposition with sparse autoencoders ({@code SuperpositionDemo}, Q44). Uses the contract and
 * demo.lib only.
 */
package org.deepdrill.demo.theory;
