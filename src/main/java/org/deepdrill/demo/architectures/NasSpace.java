package org.deepdrill.demo.architectures;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.deepdrill.demo.lib.blocks.BlockCost;
import org.deepdrill.demo.lib.blocks.Convs;
import org.deepdrill.demo.lib.blocks.CostedBlock;

import java.util.Random;

/** A tiny NAS search space: for each of three conv layers, a kernel size, a width and whether to add a skip. */
final class NasSpace {
    static final int LAYERS = 3;
    static final int[] KERNELS = {1, 3, 5};
    static final int[] WIDTHS = {4, 8, 16};

    private NasSpace() {
    }

    /** One architecture: per layer the index of its kernel, its width and 0/1 for the skip. */
    record Arch(int[] kernel, int[] width, int[] skip) {
        static Arch random(Random rnd) {
            int[] k = new int[LAYERS];
            int[] w = new int[LAYERS];
            int[] s = new int[LAYERS];
            for (int i = 0; i < LAYERS; i++) {
                k[i] = rnd.nextInt(KERNELS.length);
                w[i] = rnd.nextInt(WIDTHS.length);
                s[i] = rnd.nextInt(2);
            }
            return new Arch(k, w, s);
        }

        /** A copy with one choice of one layer changed to a different value. */
        Arch mutate(Random rnd) {
            int[] k = kernel.clone();
            int[] w = width.clone();
            int[] s = skip.clone();
            int layer = rnd.nextInt(LAYERS);
            switch (rnd.nextInt(3)) {
                case 0 -> k[layer] = (k[layer] + 1 + rnd.nextInt(KERNELS.length - 1)) % KERNELS.length;
                case 1 -> w[layer] = (w[layer] + 1 + rnd.nextInt(WIDTHS.length - 1)) % WIDTHS.length;
                default -> s[layer] = 1 - s[layer];
            }
            return new Arch(k, w, s);
        }

        String key() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < LAYERS; i++) {
                sb.append(i == 0 ? "" : " | ").append(KERNELS[kernel[i]]).append('×').append(KERNELS[kernel[i]])
                        .append(" w").append(WIDTHS[width[i]]).append(skip[i] == 1 ? " +skip" : "");
            }
            return sb.toString();
        }
    }

    /** The network of an architecture: the three layers, global average pooling and a linear classifier. */
    static Block network(Arch a, int classes) {
        ai.djl.nn.SequentialBlock net = new ai.djl.nn.SequentialBlock();
        int in = 1;
        for (int i = 0; i < LAYERS; i++) {
            net.add(new Layer(in, KERNELS[a.kernel()[i]], WIDTHS[a.width()[i]], a.skip()[i] == 1));
            in = WIDTHS[a.width()[i]];
        }
        return net.add(ai.djl.nn.pooling.Pool.globalAvgPool2dBlock())
                .add(ai.djl.nn.core.Linear.builder().setUnits(classes).build());
    }

    /** relu(conv_k(x)) plus, with a skip, x itself (through a 1×1 projection when the width changes). */
    static final class Layer extends AbstractBlock implements CostedBlock {
        private final Conv2d conv;
        private final boolean skip;
        private final int width;
        private final Conv2d projection;

        Layer(int in, int kernel, int width, boolean skip) {
            super((byte) 1);
            this.skip = skip;
            this.width = width;
            conv = addChildBlock("conv", Convs.conv(width, kernel, 1, true));
            projection = skip && in != width ? addChildBlock("projection", Convs.conv(width, 1, 1, false)) : null;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.head(); // (B,Cin,H,W)
            NDArray y = Activation.relu(conv.forward(ps, inputs, training).head()); // (B,w,H,W)
            if (!skip) {
                return new NDList(y);
            }
            NDArray s = projection == null ? x : projection.forward(ps, inputs, training).head();
            return new NDList(y.add(s));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            Shape x = inputs[0];
            return new Shape[] {new Shape(x.get(0), width, x.get(2), x.get(3))};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            if (projection != null) {
                projection.initialize(manager, dataType, inputShapes);
            }
            conv.initialize(manager, dataType, inputShapes);
        }

        @Override
        public long macs(Shape input) {
            return BlockCost.macs(conv, input) + (projection == null ? 0 : BlockCost.macs(projection, input));
        }
    }
}
