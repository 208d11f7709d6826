/**
 * The demos of content section 2, attention and transformers: why scores are scaled, multi-head
 * attention and its masks, positional encodings, the cost of attention variants, ViT against a
 * CNN, byte-level BPE tokenization ({@code TokenizationDemo}, Q40) and in-context learning of linear
 * regression by a small linear-attention transformer ({@code InContextLearningDemo}, Q41).
 * {@link org.deepdrill.demo.attention.AttentionDemos} lists them. The models and helpers used
 * by one demo live here, package-private. Uses {@code org.deepdrill.demo} and
 * {@code org.deepdrill.demo.lib..} only.
 */
package org.deepdrill.demo.attention;
