package org.deepdrill.demo.applied;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.deepdrill.demo.lib.blocks.PreLnEncoderBlock;

/**
 * A small encoder–decoder transformer for direct multi-horizon forecasting. The encoder embeds each
 * input step (V values → E) plus a learned position and runs one pre-LN block. The decoder starts
 * from the embeddings of the last H known steps plus H learned horizon positions (a "start token"
 * run, as in Informer), lets them talk to each other (self-attention), then reads the encoder memory
 * through cross-attention and maps each query to V values. No step is decoded autoregressively, so
 * no causal mask is needed: nothing the decoder sees lies in the target window.
 *
 * <p>Input [x (B,W,V)], outputs [forecast (B,H,V), cross-attention (B,heads,H,W)].
 */
final class TransformerForecaster extends AbstractBlock {
    private final int window;
    private final int horizon;
    private final int embed;
    private final Linear embedIn;
    private final Parameter inputPositions;
    private final Parameter horizonQueries;
    private final PreLnEncoderBlock encoder;
    private final LayerNorm encoderNorm;
    private final PreLnEncoderBlock decoderSelf;
    private final PreLnEncoderBlock decoderCross;
    private final LayerNorm decoderNorm;
    private final Linear out;

    TransformerForecaster(int variables, int window, int horizon, int embed, int heads) {
        super((byte) 1);
        this.window = window;
        this.horizon = horizon;
        this.embed = embed;
        this.embedIn = addChildBlock("embedIn", Linear.builder().setUnits(embed).build());
        this.inputPositions = addParameter(Parameter.builder().setName("inputPositions").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(window, embed)).optInitializer(new NormalInitializer(0.1f)).build());
        this.horizonQueries = addParameter(Parameter.builder().setName("horizonQueries").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(horizon, embed)).optInitializer(new NormalInitializer(0.1f)).build());
        this.encoder = addChildBlock("encoder", new PreLnEncoderBlock(embed, heads, 2 * embed));
        this.encoderNorm = addChildBlock("encoderNorm", LayerNorm.builder().axis(2).build());
        this.decoderSelf = addChildBlock("decoderSelf", new PreLnEncoderBlock(embed, heads, 2 * embed));
        this.decoderCross = addChildBlock("decoderCross", new PreLnEncoderBlock(embed, heads, 2 * embed));
        this.decoderNorm = addChildBlock("decoderNorm", LayerNorm.builder().axis(2).build());
        this.out = addChildBlock("out", Linear.builder().setUnits(variables).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head(); // (B,W,V)
        long b = x.getShape().get(0);
        NDArray pos = ps.getValue(inputPositions, x.getDevice(), training); // (W,E)
        NDArray h = embedIn.forward(ps, new NDList(x), training).head().add(pos); // (B,W,E)
        h = encoder.forward(ps, new NDList(h), training).head(); // (B,W,E)
        NDArray memory = encoderNorm.forward(ps, new NDList(h), training).head(); // (B,W,E)
        NDArray queries = ps.getValue(horizonQueries, x.getDevice(), training); // (H,E)
        NDArray start = x.get(new NDIndex(":, {}:, :", window - horizon)); // (B,H,V) last H known steps
        NDArray q = embedIn.forward(ps, new NDList(start), training).head().add(queries); // (B,H,E)
        q = decoderSelf.forward(ps, new NDList(q), training).head(); // (B,H,E)
        NDList cross = decoderCross.forward(ps, new NDList(q, memory), training); // (B,H,E), (B,heads,H,W)
        NDArray y = decoderNorm.forward(ps, new NDList(cross.head()), training).head(); // (B,H,E)
        return new NDList(out.forward(ps, new NDList(y), training).head(), cross.get(1)); // (B,H,V), (B,heads,H,W)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        return new Shape[] {new Shape(x.get(0), horizon, x.get(2)), new Shape(x.get(0), -1, horizon, window)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0]; // (B,W,V)
        Shape e = new Shape(x.get(0), window, embed);
        Shape qe = new Shape(x.get(0), horizon, embed);
        embedIn.initialize(manager, dataType, x);
        encoder.initialize(manager, dataType, e);
        encoderNorm.initialize(manager, dataType, e);
        decoderSelf.initialize(manager, dataType, qe);
        decoderCross.initialize(manager, dataType, qe, e);
        decoderNorm.initialize(manager, dataType, qe);
        out.initialize(manager, dataType, qe);
    }
}
