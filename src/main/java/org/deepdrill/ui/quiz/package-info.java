/**
 * Views of the quiz: review, checks, mock interviews, stats and settings.
 */
package org.deepdrill.ui.quiz;
