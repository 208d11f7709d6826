package org.deepdrill.demo.research;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * P small ReLU MLPs in->hidden->hidden->out held as batched weights (P, fan_in, fan_out) and trained
 * at once, each on its own resample of the data: the "reasoning paths" a sampled solve may take.
 */
final class PathNets {
    final AdamState adam = new AdamState();
    final int paths;

    PathNets(NDManager m, int paths, int in, int hidden, int out) {
        this.paths = paths;
        int[] sizes = {in, hidden, hidden, out};
        for (int l = 0; l < 3; l++) {
            float std = (float) Math.sqrt(2.0 / sizes[l]);
            adam.add(m.randomNormal(0, std, new Shape(paths, sizes[l], sizes[l + 1]), DataType.FLOAT32)); // (P,in,out)
            adam.add(m.zeros(new Shape(paths, 1, sizes[l + 1]))); // (P,1,out)
        }
    }

    /** x (P,B,in), or (B,in) shared by all paths, on a step-scoped manager → logits (P,B,out). */
    NDArray forward(NDArray x) {
        NDArray h = x;
        for (int l = 0; l < 3; l++) {
            h = h.matMul(adam.get(2 * l)).add(adam.get(2 * l + 1));
            if (l < 2) {
                h = Activation.relu(h);
            }
        }
        return h;
    }
}
