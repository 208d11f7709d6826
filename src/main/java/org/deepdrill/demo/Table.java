package org.deepdrill.demo;

import java.util.List;

/** A small table of text cells. */
public record Table(String id, String title, List<String> headers, List<List<String>> rows) {
    public Table {
        headers = List.copyOf(headers);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> r : rows) {
            if (r.size() != headers.size()) {
                throw new IllegalArgumentException("table " + id + ": row has " + r.size() + " cells, header " + headers.size());
            }
        }
    }
}
