/**
 * The demos of content section 3, specialised applications: {@link org.deepdrill.demo.applied.AppliedDemos}
 * lists them. {@code TimeSeriesForecastingDemo} (Q11) with its forecasters and TCN blocks,
 * {@code GnnMultitaskDemo} (Q12) with its GCN, {@code FederatedLearningDemo} (Q13) with its
 * batched client simulation and secure-sum check, {@code CalibrationDemo} (Q35) with temperature
 * scaling and the pass@k estimators, and {@code PretrainingDataDemo} (Q45) with MinHash
 * deduplication and the memorisation run. Uses {@code org.deepdrill.demo} and
 * {@code org.deepdrill.demo.lib..} only.
 */
package org.deepdrill.demo.applied;
