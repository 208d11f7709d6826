package org.deepdrill.demo.applied;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.deepdrill.demo.lib.train.UpdateRule;

import java.util.Random;

/**
 * A tiny language model: the previous {@link RepeatCorpus#CONTEXT} tokens, one-hot, into a ReLU MLP
 * that outputs next-token logits. With a 4-token context it can learn the chain's transition table
 * (which generalises) or recognise a particular sequence and recall its next token (memorisation).
 */
final class NextTokenMlp {
    private static final int IN = RepeatCorpus.CONTEXT * (RepeatCorpus.VOCAB + 1);
    private final PlainMlp net;

    NextTokenMlp(NDManager m, int hidden, Random rnd) {
        net = new PlainMlp(m, IN, hidden, RepeatCorpus.VOCAB, rnd);
    }

    /** One step on the examples at {@code rows}; returns the mean per-token loss of the batch. */
    double step(NDManager m, int[][] examples, int[] rows, UpdateRule rule, double lr) {
        double loss;
        try (NDManager sub = m.newSubManager()) {
            sub.tempAttachAll(net.params().toArray(new NDArray[0]));
            NDArray[] xy = batch(sub, examples, rows);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = tokenLosses(xy[0], xy[1]).mean();
                loss = l.getFloat();
                gc.backward(l);
            }
        }
        net.step(m, rule, lr);
        return loss;
    }

    /** Mean per-token loss (nats) over all the examples, without recording gradients. */
    double meanLoss(NDManager m, int[][] examples) {
        int n = examples[1].length;
        double sum = 0;
        int chunk = 4096;
        for (int from = 0; from < n; from += chunk) {
            int[] rows = new int[Math.min(chunk, n - from)];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = from + i;
            }
            try (NDManager sub = m.newSubManager()) {
                sub.tempAttachAll(net.params().toArray(new NDArray[0]));
                NDArray[] xy = batch(sub, examples, rows);
                sum += tokenLosses(xy[0], xy[1]).sum().getFloat();
            }
        }
        return sum / n;
    }

    /** −log p(next | context) per example: (N,). */
    private NDArray tokenLosses(NDArray x, NDArray next) {
        NDArray logp = net.forward(x).logSoftmax(-1); // (N,V)
        return logp.mul(next).sum(new int[] {1}).neg();
    }

    /** One-hot contexts (N, CONTEXT·(V+1)) and one-hot next tokens (N, V) for the chosen rows. */
    private static NDArray[] batch(NDManager m, int[][] examples, int[] rows) {
        int c = RepeatCorpus.CONTEXT;
        int[] ctx = new int[rows.length * c];
        int[] next = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(examples[0], rows[i] * c, ctx, i * c, c);
            next[i] = examples[1][rows[i]];
        }
        NDArray x = m.create(ctx, new Shape(rows.length, c)).toType(DataType.INT64, false)
                .oneHot(RepeatCorpus.VOCAB + 1).toType(DataType.FLOAT32, false).reshape(rows.length, IN);
        NDArray y = m.create(next).toType(DataType.INT64, false).oneHot(RepeatCorpus.VOCAB).toType(DataType.FLOAT32, false);
        return new NDArray[] {x, y};
    }
}
