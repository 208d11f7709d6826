/**
 * Demos of section 1, network architectures, with their own models. Uses the contract and demo.lib only.
 */
package org.deepdrill.demo.architectures;
