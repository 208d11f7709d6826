package org.deepdrill.demo;

import java.util.List;

/** A group of demos, usually those of one content section. */
public interface DemoProvider {
    List<Demo<?, ?>> demos();
}
