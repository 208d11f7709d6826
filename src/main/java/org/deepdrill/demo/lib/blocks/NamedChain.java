package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A sequence of named blocks. Only the first output of each block is passed on, so blocks that
 * also return attention weights or gates can be chained.
 */
public final class NamedChain extends AbstractBlock implements CostedBlock {
    private final List<String> names = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();

    public NamedChain() {
        super((byte) 1);
    }

    public NamedChain add(String name, Block block) {
        names.add(name);
        blocks.add(addChildBlock(name.replace('.', '_'), block));
        return this;
    }

    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    public List<Block> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        for (Block b : blocks) {
            x = b.forward(ps, new NDList(x), training).head();
        }
        return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        for (Block b : blocks) {
            s = b.getOutputShapes(new Shape[] {s})[0];
        }
        return new Shape[] {s};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        for (Block b : blocks) {
            b.initialize(manager, dataType, s);
            s = b.getOutputShapes(new Shape[] {s})[0];
        }
    }

    @Override
    public long macs(Shape input) {
        long total = 0;
        Shape s = input;
        for (Block b : blocks) {
            total += BlockCost.macs(b, s);
            s = b.getOutputShapes(new Shape[] {s})[0];
        }
        return total;
    }
}
