/**
 * Demos of section 5, implementation and optimisation: optimisers, precision, quantisation, KV cache,
 * checkpointing. Uses the contract and demo.lib only.
 */
package org.deepdrill.demo.optim;
