package org.deepdrill.demo;

import java.util.List;
import java.util.Optional;

/** What a demo is: its id, its words, the questions it backs and its parameters. */
public record DemoSpec(String id, String title, String description, List<String> questions, List<ParamSpec> params) {

    public DemoSpec {
        questions = List.copyOf(questions);
        params = List.copyOf(params);
    }

    public Optional<ParamSpec> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
