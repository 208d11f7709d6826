package org.deepdrill.demo.architectures;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.deepdrill.demo.DemoContext;
import org.deepdrill.demo.lib.data.ImageArrays;
import org.deepdrill.demo.lib.data.SyntheticImages;
import org.deepdrill.demo.lib.train.ScopedOptimizer;

import java.util.Random;

/**
 * Trains the {@link AttentionCnn} of the Q5 demo and reads out its attention weights as plain arrays.
 * The loop is written out and runs in float64: on this PyTorch CPU build the float32 convolution's
 * input gradient came back all-NaN now and then, the float64 kernel never did.
 */
record AttentionCnnRun(double accuracy, double[][] seWeights, double[][] image, String imageClass, double[][] cbamMap,
                       double[][] attentionRow, double attentionRowSum) {
    private static final int SIZE = CnnVsTransformerAttentionDemo.SIZE;
    private static final int CLASSES = CnnVsTransformerAttentionDemo.CLASSES;
    private static final int BATCH = 32;

    static AttentionCnnRun train(DemoContext ctx, int steps, long seed) {
        NDManager root = ctx.manager();
        ImageArrays train = ImageArrays.generate(root, 2048, SIZE, CLASSES, 0.4, seed);
        ImageArrays test = ImageArrays.generate(root, 512, SIZE, CLASSES, 0.4, seed + 1);
        ctx.liveChart("loss", "Training loss of the CNN with SE, CBAM and self-attention", "step", "cross-entropy", false);
        Engine.getInstance().setRandomSeed((int) seed);
        try (NDManager m = root.newSubManager()) {
            AttentionCnn net = new AttentionCnn(CLASSES);
            net.initialize(m, DataType.FLOAT64, new Shape(BATCH, 1, SIZE, SIZE));
            ScopedOptimizer adam = ScopedOptimizer.adam(0.002).clipped(1);
            ParameterStore ps = new ParameterStore(m, false);
            Random rnd = new Random(seed);
            for (int step = 0; step < steps; step++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray[] b = train.sample(s, BATCH, rnd);
                    zeroGradients(net);
                    double loss;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = net.forward(ps, new NDList(b[0].toType(DataType.FLOAT64, false)), true).head();
                        NDArray l = logits.logSoftmax(1).mul(b[1].oneHot(CLASSES)).sum(new int[] {1}).neg().mean();
                        gc.backward(l);
                        loss = ctx.checkFinite("loss", l.getDouble());
                    }
                    for (Pair<String, Parameter> p : net.getParameters()) {
                        NDArray w = p.getValue().getArray();
                        NDArray g = w.getGradient();
                        g.attach(s);
                        adam.update(p.getValue().getId(), w, g);
                    }
                    ctx.point("loss", "training loss", step, loss);
                }
                ctx.progress(step + 1, steps, "training the attention CNN");
            }
            return readOut(m, net, test);
        }
    }

    private static void zeroGradients(AttentionCnn net) {
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue().getArray() instanceof PtNDArray w) {
                JniUtils.zeroGrad(w);
            }
        }
    }

    /** Test accuracy, SE weights per class, and the CBAM map and one self-attention row of one cross image. */
    private static AttentionCnnRun readOut(NDManager parent, AttentionCnn net, ImageArrays test) {
        try (NDManager s = parent.newSubManager()) {
            NDArray[] b = test.slice(s, 0, test.count());
            NDList out = net.forward(new ParameterStore(s, false), new NDList(b[0].toType(DataType.FLOAT64, false)), false);
            int[] labels = b[1].toType(DataType.INT32, false).toIntArray();
            int[] pred = out.get(0).argMax(1).toType(DataType.INT32, false).toIntArray();
            int correct = 0;
            for (int i = 0; i < labels.length; i++) {
                correct += pred[i] == labels[i] ? 1 : 0;
            }
            int c = AttentionCnn.CHANNELS;
            double[] se = out.get(1).toType(DataType.FLOAT64, false).toDoubleArray(); // (B,C)
            double[][] perClass = new double[CLASSES][c];
            int[] count = new int[CLASSES];
            for (int i = 0; i < labels.length; i++) {
                count[labels[i]]++;
                for (int j = 0; j < c; j++) {
                    perClass[labels[i]][j] += se[i * c + j];
                }
            }
            for (int k = 0; k < CLASSES; k++) {
                for (int j = 0; j < c; j++) {
                    perClass[k][j] /= Math.max(1, count[k]);
                }
            }
            int example = firstOf(labels, 3); // a cross
            int n = SIZE * SIZE;
            int centre = (SIZE / 2) * SIZE + SIZE / 2;
            double[] row = out.get(4).get(example).reshape(n, n).get(centre).toType(DataType.FLOAT64, false).toDoubleArray();
            double sum = 0;
            for (double v : row) {
                sum += v;
            }
            return new AttentionCnnRun(correct / (double) labels.length, perClass,
                    grid(b[0].get(example).reshape(n).toType(DataType.FLOAT64, false).toDoubleArray()),
                    SyntheticImages.CLASSES[labels[example]],
                    grid(out.get(3).get(example).reshape(n).toType(DataType.FLOAT64, false).toDoubleArray()), grid(row), sum);
        }
    }

    private static int firstOf(int[] labels, int cls) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == cls) {
                return i;
            }
        }
        return 0;
    }

    private static double[][] grid(double[] v) {
        double[][] g = new double[SIZE][SIZE];
        for (int i = 0; i < SIZE * SIZE; i++) {
            g[i / SIZE][i % SIZE] = v[i];
        }
        return g;
    }
}
