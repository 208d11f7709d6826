package org.deepdrill.demo.theory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;

/** Least-squares polynomial fits, many data sets at once, in a Legendre basis for conditioning. */
final class PolyFits {
    private PolyFits() {
    }

    /** Legendre features P_0..P_degree of x (.., n) → (.., n, degree + 1), by the three-term recurrence. */
    static NDArray features(NDArray x, int degree) {
        NDList cols = new NDList();
        NDArray prev = x.onesLike();
        cols.add(prev.expandDims(-1));
        if (degree >= 1) {
            NDArray cur = x;
            cols.add(cur.expandDims(-1));
            for (int k = 1; k < degree; k++) {
                // (k+1)·P_{k+1} = (2k+1)·x·P_k − k·P_{k−1}
                NDArray next = x.mul(cur).mul(2 * k + 1).sub(prev.mul(k)).div(k + 1);
                prev = cur;
                cur = next;
                cols.add(cur.expandDims(-1));
            }
        }
        return NDArrays.concat(cols, -1);
    }

    /**
     * Coefficients for R data sets: features (R,n,p), targets (R,n) → (R,p,1), from the normal
     * equations with a tiny ridge so that an unlucky draw of inputs cannot make them singular.
     */
    static NDArray fit(NDArray phi, NDArray y, double ridge) {
        long p = phi.getShape().get(2);
        NDArray phiT = phi.transpose(0, 2, 1); // (R,p,n)
        NDArray gram = phiT.matMul(phi).add(phi.getManager().eye((int) p).toType(phi.getDataType(), false).mul(ridge)); // (R,p,p)
        return gram.inverse().matMul(phiT.matMul(y.expandDims(-1))); // (R,p,1)
    }
}
