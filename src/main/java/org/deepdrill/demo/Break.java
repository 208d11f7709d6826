package org.deepdrill.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A named wrong world: the popular wrong version, or the mechanism the answer credits taken away.
 * It maps the demo's setup to a broken setup, so it acts only inside {@code measure}; the judge
 * never sees its name. {@code flips} maps each claim id the break must turn false to one line on why;
 * {@code answerHeading}, when not empty, is the heading of the answer's section on this wrong answer.
 *
 * @param <S> the demo's setup record
 */
public record Break<S>(String name, String changes, Map<String, String> flips, UnaryOperator<S> apply,
                       String answerHeading) {

    public Break {
        if (name == null || !name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("break name must be kebab-case: " + name);
        }
        if (flips.isEmpty()) {
            throw new IllegalArgumentException("break " + name + " names no claim it flips");
        }
        flips = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(flips));
        answerHeading = answerHeading == null ? "" : answerHeading;
    }

    /** Starts a break: {@code Break.of("no-scaling", "scores are not divided by √d_k", s -> s.unscaled())}. */
    public static <S> Builder<S> of(String name, String changes, UnaryOperator<S> apply) {
        return new Builder<>(name, changes, apply);
    }

    /** Collects the claims a break flips, each with its reason. */
    public static final class Builder<S> {
        private final String name;
        private final String changes;
        private final UnaryOperator<S> apply;
        private final Map<String, String> flips = new LinkedHashMap<>();
        private String answerHeading = "";

        private Builder(String name, String changes, UnaryOperator<S> apply) {
            this.name = name;
            this.changes = changes;
            this.apply = apply;
        }

        public Builder<S> flips(String claimId, String why) {
            flips.put(claimId, why);
            return this;
        }

        /** The heading, as written in the answer's Markdown, of the section that explains this wrong answer. */
        public Builder<S> explainedIn(String heading) {
            this.answerHeading = heading;
            return this;
        }

        public Break<S> build() {
            return new Break<>(name, changes, flips, apply, answerHeading);
        }
    }
}
