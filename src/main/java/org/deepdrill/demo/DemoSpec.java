package org.deepdrill.demo;

import java.util.List;
import java.util.Optional;

/**
 * What a demo is: its id, its words, the questions it backs, its parameters, and optionally the
 * reference model (an id of the {@code model} command) whose layers the window can show beside it.
 */
public record DemoSpec(String id, String title, String description, List<String> questions, List<ParamSpec> params,
                       String referenceModel) {

    public DemoSpec {
        questions = List.copyOf(questions);
        params = List.copyOf(params);
        referenceModel = referenceModel == null ? "" : referenceModel;
    }

    public DemoSpec(String id, String title, String description, List<String> questions, List<ParamSpec> params) {
        this(id, title, description, questions, params, "");
    }

    public DemoSpec withReferenceModel(String model) {
        return new DemoSpec(id, title, description, questions, params, model);
    }

    public Optional<ParamSpec> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
