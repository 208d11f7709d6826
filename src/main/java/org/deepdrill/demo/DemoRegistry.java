package org.deepdrill.demo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** All demos by id. The built-in set comes from one provider per content section. */
public final class DemoRegistry {
    private final Map<String, Demo> demos = new LinkedHashMap<>();

    public DemoRegistry(Collection<Demo> all) {
        for (Demo d : all) {
            String id = d.spec().id();
            if (demos.putIfAbsent(id, d) != null) {
                throw new IllegalStateException("two demos share the id " + id);
            }
        }
    }

    public static DemoRegistry builtIn() {
        List<Demo> all = new ArrayList<>();
        for (DemoProvider p : BuiltInDemos.providers()) {
            all.addAll(p.demos());
        }
        return new DemoRegistry(all);
    }

    public Demo get(String id) {
        Demo d = demos.get(id);
        if (d == null) {
            throw new UnknownDemoException(id);
        }
        return d;
    }

    public boolean contains(String id) {
        return demos.containsKey(id);
    }

    public Set<String> ids() {
        return demos.keySet();
    }

    public List<DemoSpec> specs() {
        return demos.values().stream().map(Demo::spec).toList();
    }
}
