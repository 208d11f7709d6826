/**
 * The training toolkit: {@link org.deepdrill.demo.lib.train.ScopedOptimizer} and its update rules, cached
 * scalar arrays for autograd, and the one-thread guard for small models.
 */
package org.deepdrill.demo.lib.train;
