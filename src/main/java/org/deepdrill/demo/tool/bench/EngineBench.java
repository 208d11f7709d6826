package org.deepdrill.demo.tool.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.deepdrill.demo.lib.stats.Timing;

/** Engine micro-benchmarks: the cost of one tiny op and matmul throughput. Call on the demo thread. */
public final class EngineBench {
    private EngineBench() {
    }

    /** Median microseconds for one element-wise add of two 1-element arrays, under a sub-manager. */
    public static double tinyOpMicros(int repeats) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.ones(new Shape(1));
            NDArray b = m.ones(new Shape(1));
            int batch = 200;
            double s = Timing.medianSeconds(3, repeats, () -> {
                try (NDManager sub = m.newSubManager()) {
                    for (int i = 0; i < batch; i++) {
                        NDArray c = a.add(b);
                        c.attach(sub);
                    }
                }
            });
            return s / batch * 1e6;
        }
    }

    /** GFLOP/s of an n×n float32 matmul (2n³ flops), median of several runs. */
    public static double matmulGflops(int n, int repeats) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            double s = Timing.medianSeconds(2, repeats, () -> {
                try (NDManager sub = m.newSubManager()) {
                    NDArray c = a.matMul(b);
                    c.attach(sub);
                    c.getFloat(0, 0); // wait for the result
                }
            });
            return 2.0 * n * n * n / s / 1e9;
        }
    }
}
