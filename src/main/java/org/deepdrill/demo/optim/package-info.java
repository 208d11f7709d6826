/**
 * The demos of content section 5, implementation and optimisation: optimisers and schedules, mixed
 * precision, quantisation, the KV cache, gradient checkpointing, LoRA ({@code LoraDemo}, Q37),
 * speculative decoding ({@code SpeculativeDecodingDemo}, Q38) and distributed training
 * ({@code DistributedTrainingDemo}, Q42), listed by {@link org.deepdrill.demo.optim.OptimDemos}.
 * Their models and helpers live here, package-private where they can. Uses {@code org.deepdrill.demo} and
 * {@code org.deepdrill.demo.lib..} only.
 */
package org.deepdrill.demo.optim;
