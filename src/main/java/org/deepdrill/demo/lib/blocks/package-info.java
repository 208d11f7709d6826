/**
 * Reusable DJL blocks (attention variants, residual units, norms, convolutions), each with its shapes
 * in its comment. Uses the contract and the rest of lib.
 */
package org.deepdrill.demo.lib.blocks;
