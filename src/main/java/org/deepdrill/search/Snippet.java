package org.deepdrill.search;

import java.util.List;

/** A short piece of text in segments, the matched words marked. */
public record Snippet(List<Segment> segments) {
    public Snippet {
        segments = List.copyOf(segments);
    }

    /** A run of text; {@code match} when it is a word the query matched. */
    public record Segment(String text, boolean match) {
    }

    public static Snippet plain(String text) {
        return new Snippet(text.isEmpty() ? List.of() : List.of(new Segment(text, false)));
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        segments.forEach(s -> b.append(s.text()));
        return b.toString();
    }

    /** The text with every matched word between {@code open} and {@code close}. */
    public String marked(String open, String close) {
        StringBuilder b = new StringBuilder();
        segments.forEach(s -> b.append(s.match() ? open + s.text() + close : s.text()));
        return b.toString();
    }

    public boolean hasMatch() {
        return segments.stream().anyMatch(Segment::match);
    }
}
