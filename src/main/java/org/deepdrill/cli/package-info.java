/**
 * The headless command line ({@link org.deepdrill.cli.Cli}): content, demo, model, quiz and bench commands.
 * Uses content, quiz, demo, demo.run and demo.tool; never the ui.
 */
package org.deepdrill.cli;
