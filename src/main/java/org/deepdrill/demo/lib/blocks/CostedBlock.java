package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.types.Shape;

/** A block that can count its own multiply-adds for a given input shape (see {@link BlockCost}). */
public interface CostedBlock {
    /** Multiply-adds of one forward pass on an input of this shape (batch included). */
    long macs(Shape input);
}
