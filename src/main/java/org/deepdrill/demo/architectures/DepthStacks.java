package org.deepdrill.demo.architectures;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.deepdrill.demo.lib.blocks.Convs;
import org.deepdrill.demo.lib.blocks.DenseLayer;
import org.deepdrill.demo.lib.blocks.HighwayLayer;
import org.deepdrill.demo.lib.blocks.NamedChain;
import org.deepdrill.demo.lib.blocks.PreActResidual;

import java.util.ArrayList;
import java.util.List;

/**
 * Four small CNNs with the same number of 3×3 conv layers and no normalisation: plain, residual
 * (pre-activation, two convs per unit, branch scaled by 1/√units), dense (blocks of four layers,
 * each seeing all earlier maps of its block, then a linear 1×1 transition back to the width,
 * which keeps the signal variance where a ReLU would halve it) and
 * highway. Each is stem conv → body → ReLU → global
 * average pool → linear. Input (B,1,S,S), output (B,classes).
 */
final class DepthStacks {
    static final String[] KINDS = {"plain", "residual", "dense", "highway"};
    static final int DENSE_BLOCK = 4;

    /** Growth rate of the dense stack: a quarter of the width, at least 2. */
    static int denseGrowth(int width) {
        return Math.max(2, width / 4);
    }

    private DepthStacks() {
    }

    /** One stack; {@code identity = false} takes the identity path out of the residual units. */
    static NamedChain build(String kind, int depth, int width, int classes, float highwayBias, boolean identity) {
        NamedChain net = new NamedChain().add("stem", Convs.conv(width, 3, 1, true));
        switch (kind) {
            case "plain" -> {
                for (int i = 0; i < depth; i++) {
                    net.add("conv" + i, new SequentialBlock().add(Convs.conv(width, 3, 1, true)).add(Activation.reluBlock()));
                }
            }
            case "residual" -> {
                for (int i = 0; i < depth / 2; i++) {
                    net.add("unit" + i, new PreActResidual(width, (float) (1 / Math.sqrt(depth / 2.0)), identity));
                }
            }
            case "dense" -> {
                for (int i = 0; i < depth; i++) {
                    net.add("dense" + i, new DenseLayer(denseGrowth(width), 0, false));
                    if (i % DENSE_BLOCK == DENSE_BLOCK - 1) {
                        net.add("transition" + i / DENSE_BLOCK, Convs.conv(width, 1, 1, true));
                    }
                }
            }
            case "highway" -> {
                for (int i = 0; i < depth; i++) {
                    net.add("highway" + i, new HighwayLayer(width, highwayBias));
                }
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return net.add("relu", Activation.reluBlock()).add("pool", Pool.globalAvgPool2dBlock())
                .add("fc", Linear.builder().setUnits(classes).build());
    }

    /** The 3×3 conv weights in network order: the stem first, then the depth counted layers. */
    static List<NDArray> convWeights(Block net) {
        List<NDArray> out = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            NDArray a = p.getValue().getArray();
            Shape s = a.getShape();
            if (p.getKey().endsWith("weight") && s.dimension() == 4 && s.get(2) == 3 && s.get(3) == 3) {
                out.add(a);
            }
        }
        return out;
    }

    /** L2 norm of each conv weight's current gradient, read in one transfer. */
    static double[] gradNorms(List<NDArray> weights) {
        try (NDManager s = weights.get(0).getManager().newSubManager()) {
            NDList norms = new NDList(weights.size());
            for (NDArray w : weights) {
                NDArray grad = w.getGradient(); // a new handle on the live gradient: closed with s
                grad.attach(s);
                norms.add(grad.square().sum());
            }
            double[] sq = NDArrays.stack(norms).toType(DataType.FLOAT64, false).toDoubleArray();
            double[] g = new double[sq.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = Math.sqrt(sq[i]);
            }
            return g;
        }
    }

    /** Mean transform gate T of each highway layer on a batch x (inference mode). */
    static double[] highwayGates(NamedChain net, ParameterStore ps, NDArray x) {
        List<Double> gates = new ArrayList<>();
        NDArray h = x;
        for (Block b : net.blocks()) {
            NDList out = b.forward(ps, new NDList(h), false);
            if (b instanceof HighwayLayer) {
                gates.add(out.get(1).mean().toType(DataType.FLOAT64, false).getDouble());
            }
            h = out.head();
        }
        return gates.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
