/**
 * Demos of section 6, multi-modal and emerging models: contrastive alignment, diffusion, state-space models,
 * VAEs, cross-attention fusion, and flow matching with reflow ({@code FlowMatchingDemo}, Q43). Uses the
 * contract and demo.lib only.
 */
package org.deepdrill.demo.multimodal;
