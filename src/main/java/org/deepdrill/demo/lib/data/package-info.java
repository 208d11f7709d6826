/**
 * Synthetic data sets generated in code; every generator takes a seed.
 */
package org.deepdrill.demo.lib.data;
