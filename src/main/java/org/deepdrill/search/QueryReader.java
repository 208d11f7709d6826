package org.deepdrill.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns what the user typed into a Lucene query. Words, "quoted phrases", AND, OR, NOT, + and -,
 * brackets and trailing * work as in Lucene; formulas such as QK^T or 1/√d_k are taken literally.
 * Anything that cannot be read becomes a {@link BadQueryException} with a plain message.
 */
final class QueryReader {
    static final int MAX_LENGTH = 300;
    static final int MAX_WORDS = 24;
    /** A word still being typed matches longer words at this weight. */
    static final float PREFIX_WEIGHT = 0.5f;
    private static final Set<String> OPERATORS = Set.of("AND", "OR", "NOT", "&&", "||", "+", "-", "!");
    /** Characters that are Lucene syntax we do not offer: always taken literally. */
    private static final String LITERAL = ":^/[]{}\\!~";
    private static final String FORMULA_MARKS = "_^/√ᵀ²³·\\{}";

    private final Analyzer analyzer;
    private final Vocabulary vocabulary;

    QueryReader(Analyzer analyzer, IndexReader reader) {
        this.analyzer = analyzer;
        this.vocabulary = new Vocabulary(analyzer, reader);
    }

    /**
     * The query for {@code text}. With {@code asYouType}, the last word, still being typed, also
     * matches as the start of a longer word.
     */
    Query read(String text, boolean asYouType) {
        String q = text == null ? "" : text.strip();
        if (asYouType) {
            q = completeForTyping(q);
        }
        if (q.isEmpty()) {
            throw new BadQueryException("The query is empty: type a word, a \"phrase\" or a formula such as d_k.");
        }
        if (q.length() > MAX_LENGTH) {
            throw new BadQueryException("The query is " + q.length() + " characters long; at most " + MAX_LENGTH + " are read.");
        }
        if (q.chars().filter(c -> c == '"').count() % 2 != 0) {
            throw new BadQueryException("Unbalanced quotes in " + q + ": close the phrase with a second \".");
        }
        List<String> words = words(q);
        if (words.size() > MAX_WORDS) {
            throw new BadQueryException("The query has " + words.size() + " words; at most " + MAX_WORDS + " are read.");
        }
        if (words.stream().allMatch(w -> OPERATORS.contains(w.replaceAll("[()]", "")) || w.replaceAll("[()+\\-!]", "").isEmpty())) {
            throw new BadQueryException("\"" + q + "\" has only operators: AND, OR, NOT, + and - join or mark words, "
                    + "as in attention AND memory or +KV -quantization.");
        }
        boolean typing = asYouType && !Character.isWhitespace(text.charAt(text.length() - 1));
        String escaped = escape(q, typing ? w -> !vocabulary.knows(w) : w -> false);
        Query parsed;
        try {
            parsed = new SearchQueryParser(analyzer, vocabulary).parse(escaped);
        } catch (ParseException | RuntimeException e) {
            throw new BadQueryException(explain(q, e));
        }
        if (parsed == null || parsed instanceof BooleanQuery b && b.clauses().isEmpty()) {
            throw new BadQueryException("Nothing to search for in \"" + q + "\": it has only common words such as 'the' or 'of'.");
        }
        if (parsed instanceof BooleanQuery b && b.clauses().stream().allMatch(c -> c.getOccur() == BooleanClause.Occur.MUST_NOT)) {
            throw new BadQueryException("\"" + q + "\" only excludes words: say what to look for too, as in attention -linear.");
        }
        return withPhraseBonus(parsed, words);
    }

    /**
     * A query still being typed, made whole: a trailing operator is dropped, an open phrase and
     * open brackets are closed. A query of nothing but an operator is left for {@link #read} to refuse.
     */
    static String completeForTyping(String q) {
        String t = q.replaceAll("(\\s+(AND|OR|NOT|&&|\\|\\|)|\\s*[+\\-(!])+$", "").strip();
        if (t.isEmpty()) {
            return q;
        }
        if (t.chars().filter(c -> c == '"').count() % 2 != 0) {
            t += "\"";
        }
        int open = 0;
        boolean quoted = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            quoted ^= c == '"';
            if (!quoted && c == '(') {
                open++;
            } else if (!quoted && c == ')' && open > 0) {
                open--;
            }
        }
        return t + ")".repeat(open);
    }

    /** The words the user typed, outside operators: what the answer page marks in its formulas. */
    static List<String> userWords(String text) {
        List<String> out = new ArrayList<>();
        for (String w : words(text == null ? "" : text.strip())) {
            String bare = w.replaceAll("^[+\\-(\"!]+|[)\"*?]+$", "");
            if (!bare.isEmpty() && !OPERATORS.contains(bare)) {
                out.add(bare);
            }
        }
        return out;
    }

    /** Whitespace-separated words; a quoted phrase counts as its words. */
    private static List<String> words(String q) {
        List<String> out = new ArrayList<>();
        for (String w : q.split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * Escapes what we take literally. Outside quotes: formula words whole (but for a leading
     * + - ( and a closing bracket), the syntax we do not offer everywhere, and a closing '?'.
     * Inside quotes: backslashes. The last word, when {@code unfinished} says so, also matches as a
     * prefix, at a lower weight.
     */
    static String escape(String q, java.util.function.Predicate<String> unfinished) {
        StringBuilder out = new StringBuilder();
        String[] parts = q.split("\"", -1);
        for (int p = 0; p < parts.length; p++) {
            if (p % 2 == 1) {
                out.append('"').append(parts[p].replace("\\", "\\\\")).append('"');
                continue;
            }
            String[] ws = parts[p].split("(?<=\\s)|(?=\\s)");
            for (int i = 0; i < ws.length; i++) {
                boolean last = p == parts.length - 1 && i == ws.length - 1;
                out.append(escapeWord(ws[i], last ? unfinished : w -> false));
            }
        }
        return out.toString();
    }

    private static String escapeWord(String w, java.util.function.Predicate<String> unfinished) {
        if (w.isBlank()) {
            return w;
        }
        int a = 0;
        while (a < w.length() && "+-(".indexOf(w.charAt(a)) >= 0) {
            a++;
        }
        // closing brackets end a group only when the word did not open them: softmax(QK^T) keeps its own
        int b = w.length();
        long surplus = count(w, a, ')') - count(w, a, '(');
        while (b > a && surplus-- > 0 && w.charAt(b - 1) == ')') {
            b--;
        }
        String core = w.substring(a, b);
        boolean formula = core.chars().anyMatch(c -> FORMULA_MARKS.indexOf(c) >= 0);
        StringBuilder e = new StringBuilder(w.substring(0, a));
        for (int i = 0; i < core.length(); i++) {
            char c = core.charAt(i);
            boolean trailingQuestion = c == '?' && i == core.length() - 1;
            if (LITERAL.indexOf(c) >= 0 || trailingQuestion || (formula && "()*?+-&|\"".indexOf(c) >= 0)) {
                e.append('\\');
            }
            e.append(c);
        }
        String escaped = e.toString();
        if (!formula && core.length() >= 3 && core.chars().allMatch(Character::isLetterOrDigit) && !OPERATORS.contains(core)
                && unfinished.test(core)) {
            escaped = "(" + escaped + " OR " + escaped + "*^" + PREFIX_WEIGHT + ")";
        }
        return escaped + w.substring(b);
    }

    private static long count(String w, int from, char c) {
        return w.substring(from).chars().filter(x -> x == c).count();
    }

    /** Two or more plain words score higher where they stand together, as a phrase. */
    private Query withPhraseBonus(Query parsed, List<String> words) {
        boolean plain = words.size() >= 2 && words.stream().allMatch(w -> w.chars().allMatch(Character::isLetterOrDigit)
                && !OPERATORS.contains(w));
        if (!plain) {
            return parsed;
        }
        String phrase = String.join(" ", words).toLowerCase(Locale.ROOT);
        QueryParser p = new QueryParser(Fields.BODY, analyzer);
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(parsed, BooleanClause.Occur.MUST);
        for (String f : new String[] {Fields.TITLE, Fields.KEY_POINTS, Fields.BODY}) {
            Query ph = p.createPhraseQuery(f, phrase, 2);
            if (ph != null) {
                b.add(new BoostQuery(ph, Fields.boost(f) * Fields.PHRASE_WEIGHT), BooleanClause.Occur.SHOULD);
            }
        }
        return b.build();
    }

    /** A short reason for Lucene's parse error, in the user's terms. */
    static String explain(String q, Exception e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("'*' or '?' not allowed as first character")) {
            return "\"" + q + "\": * and ? can end a word (atten*) but not start one.";
        }
        if (m.contains("<EOF>")) {
            return "\"" + q + "\" ends with an operator or an open bracket: add a word after it.";
        }
        if (m.contains("<AND>") || m.contains("<OR>") || m.contains("<NOT>") || m.contains("<PLUS>") || m.contains("<MINUS>")) {
            return "\"" + q + "\" has an operator (AND, OR, NOT, +, -) without a word on its side.";
        }
        if (m.contains("\")\"") || m.contains("<RPAREN>") || m.contains("<LPAREN>")) {
            return "\"" + q + "\" has unbalanced brackets.";
        }
        if (e instanceof org.apache.lucene.search.IndexSearcher.TooManyClauses) {
            return "\"" + q + "\" expands to too many terms: use fewer words or fewer wildcards.";
        }
        return "Cannot read \"" + q + "\": use words, \"quoted phrases\", AND, OR, NOT, + and -.";
    }
}
