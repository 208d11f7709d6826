/**
 * Demos of section 2, attention and transformers, with their own models. Uses the contract and demo.lib only.
 */
package org.deepdrill.demo.attention;
