package org.deepdrill.search;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.deepdrill.content.Check;
import org.deepdrill.content.Question;

import java.util.ArrayList;
import java.util.List;

/** A question as analysed plain text, field by field: what is indexed and what snippets are cut from. */
record QuestionText(String id, int sectionNumber, String section, AnalyzedText title, AnalyzedText keyPoints,
                    AnalyzedText checks, AnalyzedText body, String ref) {

    static QuestionText of(Question q, String sectionTitle, AnalyzedText.Analysers a, AnalyzedText.Dictionary dictionary) {
        List<String> checks = new ArrayList<>();
        for (Check c : q.checks()) {
            checks.add(c.prompt());
            if (c instanceof Check.Choice choice) {
                choice.options().forEach(o -> {
                    checks.add(o.text());
                    checks.add(o.why());
                });
            } else if (c instanceof Check.Numeric num) {
                checks.add(num.explain());
            }
        }
        String checkText = String.join("\n", checks.stream().filter(s -> s != null && !s.isBlank()).toList());
        return new QuestionText(q.id(), q.section(), sectionTitle,
                AnalyzedText.of(text(q.title()), a, dictionary),
                AnalyzedText.of(text(String.join("\n", q.keyPoints())), a, dictionary),
                AnalyzedText.of(text(checkText), a, dictionary),
                AnalyzedText.of(text(q.answer()), a, dictionary),
                q.id() + " " + q.demo());
    }

    /** Markdown as plain text. */
    static String text(String markdown) {
        return MarkdownText.of(markdown == null ? "" : markdown).strip();
    }

    /** The texts a snippet may come from, best first. */
    List<AnalyzedText> passages() {
        return List.of(body, keyPoints, checks);
    }

    Document toDocument() {
        Document d = new Document();
        d.add(new StringField(Fields.ID, id, Field.Store.YES));
        d.add(new TextField(Fields.TITLE, AnalyzedText.stream(AnalyzedText.Kind.WORD, title)));
        d.add(new TextField(Fields.KEY_POINTS, AnalyzedText.stream(AnalyzedText.Kind.WORD, keyPoints)));
        d.add(new TextField(Fields.CHECKS, AnalyzedText.stream(AnalyzedText.Kind.WORD, checks)));
        d.add(new TextField(Fields.BODY, AnalyzedText.stream(AnalyzedText.Kind.WORD, body)));
        d.add(new TextField(Fields.SECTION, section, Field.Store.NO));
        d.add(new TextField(Fields.REF, ref, Field.Store.NO));
        d.add(new TextField(Fields.TITLE_FORMULAS, AnalyzedText.stream(AnalyzedText.Kind.FORMULA, title)));
        d.add(new TextField(Fields.FORMULAS, AnalyzedText.stream(AnalyzedText.Kind.FORMULA, keyPoints, checks, body)));
        d.add(new TextField(Fields.NAMES, AnalyzedText.stream(AnalyzedText.Kind.NAME, title, keyPoints, checks, body)));
        return d;
    }
}
