/**
 * DeepDrill: a desktop app for deep-learning interview practice. {@code Launcher} starts the window or, given a command, the CLI.
 * Layers, from the bottom: {@code content} and {@code quiz} (pure), {@code demo} (the DJL engine, headless),
 * then {@code cli} and {@code ui} on top. See docs/architecture.md.
 */
package org.deepdrill;
