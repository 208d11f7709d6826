/**
 * Demos of section 3, applications: forecasting, graph networks, federated learning. Uses the contract and demo.lib only.
 */
package org.deepdrill.demo.applied;
