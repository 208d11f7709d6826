package org.deepdrill.demo.applied;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.deepdrill.demo.lib.blocks.GcnLayer;

/**
 * A two-layer GCN encoder shared by two heads: a linear node classifier and a link head that
 * projects each embedding so that a link's score is the dot product of its two projections.
 *
 * <p>Inputs [x (N,F), p (N,N)]. Outputs [z (N,E) embeddings, logits (N,K), link vectors (N,E)].
 */
final class GcnMultiTaskModel extends AbstractBlock {
    private final GcnLayer gcn1;
    private final GcnLayer gcn2;
    private final Linear nodeHead;
    private final Linear linkHead;
    private final int hidden;
    private final int embed;

    GcnMultiTaskModel(int hidden, int embed, int classes) {
        super((byte) 1);
        this.hidden = hidden;
        this.embed = embed;
        this.gcn1 = addChildBlock("gcn1", new GcnLayer(hidden));
        this.gcn2 = addChildBlock("gcn2", new GcnLayer(embed));
        this.nodeHead = addChildBlock("nodeHead", Linear.builder().setUnits(classes).build());
        this.linkHead = addChildBlock("linkHead", Linear.builder().setUnits(embed).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0); // (N,F)
        NDArray p = inputs.get(1); // (N,N)
        NDArray h = Activation.relu(gcn1.forward(ps, new NDList(x, p), training).head()); // (N,Hd)
        NDArray z = gcn2.forward(ps, new NDList(h, p), training).head(); // (N,E)
        NDArray zr = Activation.relu(z); // (N,E)
        NDArray logits = nodeHead.forward(ps, new NDList(zr), training).head(); // (N,K)
        NDArray link = linkHead.forward(ps, new NDList(zr), training).head(); // (N,E)
        return new NDList(z, logits, link);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        long n = inputs[0].get(0);
        return new Shape[] {new Shape(n, embed), nodeHead.getOutputShapes(new Shape[] {new Shape(n, embed)})[0],
            new Shape(n, embed)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        long n = x.get(0);
        gcn1.initialize(manager, dataType, x, inputShapes[1]);
        gcn2.initialize(manager, dataType, new Shape(n, hidden), inputShapes[1]);
        nodeHead.initialize(manager, dataType, new Shape(n, embed));
        linkHead.initialize(manager, dataType, new Shape(n, embed));
    }
}
