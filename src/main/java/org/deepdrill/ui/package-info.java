/**
 * The JavaFX shell: window, navigation, answer view and demo panel with their view models. Never touches DJL;
 * long work runs off the FX thread. Subpackages: {@code quiz} (quiz views) and {@code bench} (start-up and stall probes).
 */
package org.deepdrill.ui;
