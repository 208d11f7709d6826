package org.deepdrill.demo.architectures;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.deepdrill.demo.lib.blocks.BlockCost;
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

    /**
     * The network of an architecture: the three layers, global average pooling and a linear
     * classifier. Input (B,1,S,S); inside, the maps are kept channels-last (B,S,S,C) so that each
     * convolution is one matrix product on shifted copies of its input.
     */
    static Block network(Arch a, int classes) {
        return new Net(a, classes);
    }

    /** The whole candidate network (see {@link #network}). */
    static final class Net extends AbstractBlock implements CostedBlock {
        private final Layer[] layers = new Layer[LAYERS];
        private final Linear head;

        Net(Arch a, int classes) {
            super((byte) 1);
            int in = 1;
            for (int i = 0; i < LAYERS; i++) {
                int w = WIDTHS[a.width()[i]];
                layers[i] = addChildBlock("layer" + i, new Layer(in, KERNELS[a.kernel()[i]], w, a.skip()[i] == 1));
                in = w;
            }
            head = addChildBlock("head", Linear.builder().setUnits(classes).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray h = inputs.head().transpose(0, 2, 3, 1); // (B,S,S,1)
            for (Layer l : layers) {
                h = l.forward(ps, new NDList(h), training).head(); // (B,S,S,w)
            }
            Shape hs = h.getShape();
            NDArray pooled = h.reshape(hs.get(0), hs.get(1) * hs.get(2), hs.get(3)).mean(new int[] {1}); // (B,w)
            return head.forward(ps, new NDList(pooled), training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            return new Shape[] {new Shape(inputs[0].get(0), head.getOutputShapes(new Shape[] {new Shape(1, 1)})[0].get(1))};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape x = inputShapes[0]; // (B,1,S,S)
            Shape h = new Shape(x.get(0), x.get(2), x.get(3), x.get(1));
            for (Layer l : layers) {
                l.initialize(manager, dataType, h);
                h = l.getOutputShapes(new Shape[] {h})[0];
            }
            head.initialize(manager, dataType, new Shape(x.get(0), h.get(3)));
        }

        @Override
        public long macs(Shape input) {
            Shape h = new Shape(input.get(0), input.get(2), input.get(3), input.get(1));
            long total = 0;
            for (Layer l : layers) {
                total += l.macs(h);
                h = l.getOutputShapes(new Shape[] {h})[0];
            }
            return total + BlockCost.macs(head, new Shape(input.get(0), h.get(3)));
        }
    }

    /**
     * relu(conv_k(x)) plus, with a skip, x itself (through a 1×1 projection when the width changes).
     * Maps are (B,S,S,C). The convolution ("same" padding, stride 1) is written out: the k² shifted
     * windows of the zero-padded input are laid side by side, (B·S·S, k²·C), and multiplied by the
     * kernel, (k²·C, O), in one matrix product.
     * PyTorch's own float64 convolution handles one image at a time and was the demo's bottleneck.
     */
    static final class Layer extends AbstractBlock implements CostedBlock {
        private final int in;
        private final int kernel;
        private final int width;
        private final boolean skip;
        private final Parameter weight;
        private final Parameter bias;
        private final Parameter projection;

        Layer(int in, int kernel, int width, boolean skip) {
            super((byte) 1);
            this.in = in;
            this.kernel = kernel;
            this.width = width;
            this.skip = skip;
            // (out, in, k, k) as in a Conv2d, so the default He initialisation sees the same fan-in
            weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(width, in, kernel, kernel)).build());
            bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                    .optShape(new Shape(width)).build());
            projection = skip && in != width ? addParameter(Parameter.builder().setName("projection")
                    .setType(Parameter.Type.WEIGHT).optShape(new Shape(width, in, 1, 1)).build()) : null;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.head(); // (B,S,S,C)
            NDManager m = x.getManager();
            long b = x.getShape().get(0);
            long size = x.getShape().get(1);
            int taps = kernel * kernel;
            NDArray kernelArray = ps.getValue(weight, x.getDevice(), training); // (O,C,k,k)
            NDArray biasArray = ps.getValue(bias, x.getDevice(), training);
            NDArray y;
            if (training) {
                NDArray w = kernelArray.transpose(2, 3, 1, 0).reshape(taps * in, width); // (k²C,O), in the windows' order
                w.attach(m);
                NDArray cols = kernel == 1 ? x.reshape(b * size * size, in)
                        : windows(x, kernel, size).reshape(b * size * size, taps * in); // (BSS,k²C)
                y = Activation.relu(cols.matMul(w).add(biasArray)).reshape(b, size, size, width); // (B,S,S,O)
            } else {
                y = Activation.relu(convolve(x, kernelArray, biasArray)); // (B,S,S,O)
            }
            if (!skip) {
                return new NDList(y);
            }
            if (projection == null) {
                return new NDList(y.add(x));
            }
            NDArray p = ps.getValue(projection, x.getDevice(), training).reshape(width, in).transpose(); // (C,O)
            p.attach(m);
            return new NDList(y.add(x.reshape(b * size * size, in).matMul(p).reshape(b, size, size, width)));
        }

        /**
         * The same convolution by PyTorch's kernel, for evaluation only: its float32 forward pass is
         * sound, while its backward pass gave all-NaN gradients at random on this project's CPUs.
         */
        private static NDArray convolve(NDArray x, NDArray kernelArray, NDArray biasArray) {
            long k = kernelArray.getShape().get(2);
            NDArray y = Conv2d.conv2d(x.transpose(0, 3, 1, 2), kernelArray, biasArray, new Shape(1, 1),
                    new Shape(k / 2, k / 2)).head(); // (B,O,S,S)
            return y.transpose(0, 2, 3, 1);
        }

        /** The k² shifted windows of x (B,S,S,C) zero-padded by k/2, stacked beside the channels: (B,S,S,k²,C). */
        private static NDArray windows(NDArray x, int kernel, long size) {
            int pad = kernel / 2;
            NDArray xp = x.pad(new Shape(0, 0, pad, pad, pad, pad), 0); // (B,S+2p,S+2p,C)
            NDList out = new NDList(kernel * kernel);
            for (int dy = 0; dy < kernel; dy++) {
                for (int dx = 0; dx < kernel; dx++) {
                    out.add(xp.get(":, {}:{}, {}:{}, :", dy, dy + size, dx, dx + size)); // (B,S,S,C)
                }
            }
            return NDArrays.stack(out, 3);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            Shape x = inputs[0];
            return new Shape[] {new Shape(x.get(0), x.get(1), x.get(2), width)};
        }

        @Override
        public long macs(Shape input) {
            long pixels = input.get(0) * input.get(1) * input.get(2);
            return pixels * width * ((long) in * kernel * kernel + (projection == null ? 0 : in));
        }
    }
}
