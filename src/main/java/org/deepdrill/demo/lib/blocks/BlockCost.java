package org.deepdrill.demo.lib.blocks;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;

/**
 * Counts parameters and multiply-adds of DJL blocks from shapes.
 *
 * <p>Convention: one multiply-add (MAC) counts once. Only convolutions, linear layers and
 * attention matmuls (QKᵀ and weights·V) are counted; normalisation, activations, pooling and
 * additions count zero. Bias additions are not counted.
 */
public final class BlockCost {
    private BlockCost() {
    }

    /** Trainable parameters: those that require a gradient (BatchNorm's running statistics do not). */
    public static long trainableParameters(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    public static long macs(Block block, Shape input) {
        if (block instanceof CostedBlock c) {
            return c.macs(input);
        }
        if (block instanceof Convolution c) {
            Shape out = c.getOutputShapes(new Shape[] {input})[0];
            return out.size() * (input.get(1) / c.getGroups()) * c.getKernelShape().size();
        }
        if (block instanceof Linear l) {
            Shape out = l.getOutputShapes(new Shape[] {input})[0];
            return out.size() * input.get(input.dimension() - 1);
        }
        if (block instanceof MultiHeadAttention) {
            long b = input.get(0);
            long t = input.get(1);
            long e = input.get(2);
            return 4 * b * t * e * e + 2 * b * t * t * e; // projections + QKᵀ + weights·V
        }
        if (block instanceof PreLnEncoderBlock) {
            return encoderMacs(block, input);
        }
        if (block instanceof SequentialBlock s) {
            long total = 0;
            Shape[] shapes = {input};
            for (Pair<String, Block> child : s.getChildren()) {
                total += macs(child.getValue(), shapes[0]);
                shapes = child.getValue().getOutputShapes(shapes);
            }
            return total;
        }
        return 0; // norms, activations, pooling, lambdas
    }

    /** Pre-LN encoder: attention, then the two MLP layers (E→M, M→E). */
    private static long encoderMacs(Block block, Shape x) {
        long total = 0;
        long hidden = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            Block c = child.getValue();
            if (c instanceof MultiHeadAttention) {
                total += macs(c, x);
            } else if (c instanceof Linear l) {
                if (hidden == 0) {
                    Shape h = l.getOutputShapes(new Shape[] {x})[0];
                    hidden = h.get(h.dimension() - 1);
                    total += macs(l, x);
                } else {
                    total += macs(l, new Shape(x.get(0), x.get(1), hidden));
                }
            }
        }
        return total;
    }
}
