package org.deepdrill.demo.theory;

import ai.djl.ndarray.NDArray;

import java.util.List;
import java.util.Locale;

/** Element-wise activations with their derivatives, for networks written as plain NDArray code. */
enum Act {
    TANH, SOFTPLUS, RELU, LINEAR;

    static final List<String> NAMES = List.of("tanh", "softplus", "relu");

    static Act of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    NDArray apply(NDArray z) {
        return switch (this) {
            case TANH -> z.tanh();
            case SOFTPLUS -> ai.djl.nn.Activation.relu(z).add(z.abs().neg().exp().add(1).log()); // stable log(1 + e^z)
            case RELU -> ai.djl.nn.Activation.relu(z); // dtype-preserving torch relu
            case LINEAR -> z;
        };
    }

    /** f'(z), given z and a = f(z). */
    NDArray derivative(NDArray z, NDArray a) {
        return switch (this) {
            case TANH -> a.square().neg().add(1);
            case SOFTPLUS -> z.neg().exp().add(1).pow(-1); // sigmoid(z)
            case RELU -> z.gt(0).toType(z.getDataType(), false);
            case LINEAR -> z.onesLike();
        };
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
