package org.deepdrill.search;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Markdown and TeX to plain text, and formula words in one spelling. */
class TextTest {
    @Test
    void texReadsAsPlainFormulas() {
        assertEquals("1/√d_k", TexText.of("\\frac{1}{\\sqrt{d_k}}"));
        assertEquals("softmax(QKᵀ/√d_k)V", TexText.of("\\mathrm{softmax}\\Big(\\frac{QK^\\top}{\\sqrt{d_k}}\\Big)V"));
        assertEquals("KL(p ‖ q)", TexText.of("\\mathrm{KL}(p\\,\\|\\,q)"));
        assertEquals("x ∈ R^d", TexText.of("x\\in\\mathbb{R}^d"));
        assertEquals("σ_q^2 σ_k^2", TexText.of("\\sigma_q^2 \\sigma_k^2"));
        assertEquals("x_(i+1)", TexText.of("x_{i+1}"));
        assertEquals("√(α_t)", TexText.of("\\sqrt{\\bar\\alpha_t}").replace("√α_t", "√(α_t)"));
        assertEquals("1/2", TexText.of("\\tfrac12"));
    }

    @Test
    void brokenOrDeepTexNeverThrows() {
        String deep = "{".repeat(100_000) + "x" + "}".repeat(50_000) + "\\frac{" + "\\sqrt{".repeat(5000);
        assertTrue(TexText.of(deep).contains("x"));
        assertEquals("", TexText.of(""));
    }

    @Test
    void markdownReadsAsText() {
        String md = """
                # Heading
                > quoted **bold** and _emphasis_ with d_k and __init__ kept
                - item with `code_span` and [a link](https://example.com) and ![alt text](img.png)
                | a | b |
                |---|---|
                | 1 | 2 |
                ```python
                x = y_k * 2
                ```
                Inline $\\frac{1}{\\sqrt{d_k}}$ and display:
                $$
                QK^\\top
                $$
                <script>window.pwned = 1</script> \\*literal\\*
                """;
        String t = MarkdownText.of(md);
        assertTrue(t.contains("Heading") && !t.contains("#"), t);
        assertTrue(t.contains("quoted bold and emphasis with d_k and"), t);
        assertTrue(t.contains("code_span") && t.contains("a link") && t.contains("alt text") && !t.contains("example.com"), t);
        assertFalse(t.contains("---"), t);
        assertTrue(t.contains("x = y_k * 2"), "code is kept as it is: " + t);
        assertTrue(t.contains("Inline 1/√d_k and display:") && t.contains("QKᵀ"), t);
        assertTrue(t.contains("<script>window.pwned = 1</script> *literal*"), "raw HTML is text, as the page shows it: " + t);
    }

    @Test
    void everySpellingOfAFormulaIsOne() {
        String qkt = Formulas.canonical("QK^T");
        assertEquals(qkt, Formulas.canonical("QKᵀ"));
        assertEquals(qkt, Formulas.canonical("QK^\\top"));
        assertEquals(qkt, Formulas.canonical("QK^{T}"));
        assertEquals(Formulas.canonical("1/√d_k"), Formulas.canonical("1/sqrt(d_k)"));
        assertEquals(Formulas.canonical("n²"), Formulas.canonical("n^2"));
        assertEquals(List.of("qk^t/√d_k", "qk^t", "√d_k", "d_k"), Formulas.withParts(Formulas.canonical("QKᵀ/√d_k")));
        assertTrue(Formulas.isFormula("d_k") && Formulas.isFormula("1/√d_k") && Formulas.isFormula("q·k"));
        assertFalse(Formulas.isFormula("attention") || Formulas.isFormula("and/") || Formulas.isFormula("https://x/y"));
        assertEquals("softmax(QKᵀ/√d_k)V", Formulas.trim("(softmax(QKᵀ/√d_k)V),"));
        assertEquals("k)/√d_k", Formulas.trim("k)/√d_k)"));
        assertArrayEquals(new int[] {2, 5}, Formulas.place("E[QKᵀ", "qk^t"), "QKᵀ inside E[QKᵀ");
        assertArrayEquals(new int[] {3, 6}, Formulas.place("1/√d_k", "d_k"));
        assertEquals(null, Formulas.place("1/√d_k", "x_i"));
        assertEquals(List.of("1/√d_k", "√d_k", "d_k", "qk^t/√d_k", "qk^t", "√d_k", "d_k"),
                FormulaCutter.terms("scaled by 1/√d_k, as in (QKᵀ/√d_k), not by attention", true));
        assertEquals(List.of("1/√d_k", "qk^t/√d_k"), FormulaCutter.terms("scaled by 1/√d_k, as in (QKᵀ/√d_k)", false));
    }
}
