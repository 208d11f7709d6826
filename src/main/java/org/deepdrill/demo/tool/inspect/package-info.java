/**
 * Parameter and MAC counts per layer of reference networks, for the {@code model} command and the Models pane.
 */
package org.deepdrill.demo.tool.inspect;
