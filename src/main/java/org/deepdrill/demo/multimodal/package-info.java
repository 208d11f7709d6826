/**
 * Demos of section 6, multi-modal and emerging models: contrastive alignment, diffusion, state-space models,
 * VAEs, cross-attention fusion. Uses the contract and demo.lib only.
 */
package org.deepdrill.demo.multimodal;
