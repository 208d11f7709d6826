package org.deepdrill.demo.run;

import org.deepdrill.demo.Break;
import org.deepdrill.demo.Demo;
import org.deepdrill.demo.DemoProvider;
import org.deepdrill.demo.DemoSpec;
import org.deepdrill.demo.UnknownDemoException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** All demos by id. The built-in set comes from one provider per content section. */
public final class DemoRegistry {
    private final Map<String, Demo<?, ?>> demos = new LinkedHashMap<>();

    public DemoRegistry(Collection<Demo<?, ?>> all) {
        for (Demo<?, ?> d : all) {
            String id = d.spec().id();
            if (demos.putIfAbsent(id, d) != null) {
                throw new IllegalStateException("two demos share the id " + id);
            }
        }
    }

    public static DemoRegistry builtIn() {
        List<Demo<?, ?>> all = new ArrayList<>();
        for (DemoProvider p : BuiltInDemos.providers()) {
            all.addAll(p.demos());
        }
        return new DemoRegistry(all);
    }

    public Demo<?, ?> get(String id) {
        Demo<?, ?> d = demos.get(id);
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

    /** The named breaks of one demo, in the order it lists them. */
    public List<? extends Break<?>> breaks(String id) {
        return get(id).breaks();
    }

    public List<DemoSpec> specs() {
        return demos.values().stream().map(Demo::spec).toList();
    }
}
