/**
 * The self-quiz: FSRS-6 scheduling, the progress store, study queues, mock interviews, stats and Anki export.
 * Pure: no JavaFX, no DJL.
 */
package org.deepdrill.quiz;
