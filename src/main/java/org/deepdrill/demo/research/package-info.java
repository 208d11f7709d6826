/**
 * Demos of section 4, research topics: scaling laws, double descent, lottery tickets, mixture of experts,
 * distillation. Uses the contract and demo.lib only.
 */
package org.deepdrill.demo.research;
