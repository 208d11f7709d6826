/**
 * The demos of content section 4, research-level questions: {@link org.deepdrill.demo.research.ScalingLawsDemo},
 * {@link org.deepdrill.demo.research.DoubleDescentDemo}, {@link org.deepdrill.demo.research.LotteryTicketDemo},
 * {@link org.deepdrill.demo.research.MixtureOfExpertsDemo}, {@link org.deepdrill.demo.research.DistillationDemo},
 * {@link org.deepdrill.demo.research.TestTimeComputeDemo} (Q36) and {@link org.deepdrill.demo.research.RlhfDpoDemo} (Q39),
 * listed by {@link org.deepdrill.demo.research.ResearchDemos}, with the small models and data sets they share.
 * Uses {@code org.deepdrill.demo} and {@code org.deepdrill.demo.lib..} only.
 */
package org.deepdrill.demo.research;
