package org.deepdrill.search;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TeX as a reader would say it in plain text: {@code \frac{1}{\sqrt{d_k}}} becomes {@code 1/√d_k},
 * {@code QK^\top} becomes {@code QKᵀ}, Greek letters become their symbols. Works pass by pass on
 * innermost braces, so deep or broken nesting costs a bounded number of linear passes.
 */
final class TexText {
    private static final int PASSES = 6;
    private static final Pattern TRANSPOSE = Pattern.compile("\\^\\s*(?:\\{\\s*\\\\top\\s*}|\\\\top\\b|\\{\\s*T\\s*}|T\\b)");
    private static final Pattern STYLED = Pattern.compile(
            "\\\\(?:mathrm|text|textrm|textbf|textit|mathbf|mathit|mathbb|mathcal|mathsf|operatorname|boldsymbol|bm|hat|bar|tilde|vec|widehat|overline)\\s*\\{([^{}]*)}");
    private static final Pattern SQRT = Pattern.compile("\\\\sqrt\\s*\\{([^{}]*)}");
    private static final Pattern SQRT_ATOM = Pattern.compile("\\\\sqrt\\s*([\\p{L}\\p{N}])");
    private static final Pattern FRAC = Pattern.compile("\\\\[dt]?frac\\s*\\{([^{}]*)}\\s*\\{([^{}]*)}");
    private static final Pattern SCRIPT = Pattern.compile("([_^])\\{([^{}]*)}");
    private static final Pattern BARE_GROUP = Pattern.compile("(?<![_^}\\p{L}])\\{([^{}]*)}");
    private static final Pattern FRAC_DIGITS = Pattern.compile("\\\\[dt]?frac\\s*(\\d)(\\d)");
    private static final Pattern ATOM = Pattern.compile("[\\p{L}\\p{N}_^ᵀ√.′'‖|]*");
    private static final Pattern COMMAND = Pattern.compile("\\\\([a-zA-Z]+)");
    private static final Map<String, String> SYMBOLS = Map.ofEntries(
            Map.entry("alpha", "α"), Map.entry("beta", "β"), Map.entry("gamma", "γ"), Map.entry("delta", "δ"),
            Map.entry("epsilon", "ε"), Map.entry("varepsilon", "ε"), Map.entry("zeta", "ζ"), Map.entry("eta", "η"),
            Map.entry("theta", "θ"), Map.entry("kappa", "κ"), Map.entry("lambda", "λ"), Map.entry("mu", "μ"),
            Map.entry("nu", "ν"), Map.entry("xi", "ξ"), Map.entry("pi", "π"), Map.entry("rho", "ρ"),
            Map.entry("sigma", "σ"), Map.entry("tau", "τ"), Map.entry("phi", "φ"), Map.entry("varphi", "φ"),
            Map.entry("chi", "χ"), Map.entry("psi", "ψ"), Map.entry("omega", "ω"), Map.entry("Gamma", "Γ"),
            Map.entry("Delta", "Δ"), Map.entry("Theta", "Θ"), Map.entry("Lambda", "Λ"), Map.entry("Sigma", "Σ"),
            Map.entry("Phi", "Φ"), Map.entry("Psi", "Ψ"), Map.entry("Omega", "Ω"), Map.entry("ell", "ℓ"),
            Map.entry("cdot", "·"), Map.entry("times", "×"), Map.entry("le", " ≤ "), Map.entry("leq", " ≤ "),
            Map.entry("ge", " ≥ "), Map.entry("geq", " ≥ "), Map.entry("neq", " ≠ "), Map.entry("approx", " ≈ "),
            Map.entry("sim", " ~ "), Map.entry("propto", " ∝ "), Map.entry("to", " → "), Map.entry("rightarrow", " → "),
            Map.entry("leftarrow", "←"), Map.entry("infty", "∞"), Map.entry("sum", "Σ"), Map.entry("prod", "Π"),
            Map.entry("int", "∫"), Map.entry("partial", "∂"), Map.entry("nabla", "∇"), Map.entry("in", " ∈ "),
            Map.entry("pm", "±"), Map.entry("mp", "∓"), Map.entry("odot", "⊙"), Map.entry("otimes", "⊗"),
            Map.entry("oplus", "⊕"), Map.entry("ldots", "…"), Map.entry("cdots", "…"), Map.entry("dots", "…"),
            Map.entry("mid", "|"), Map.entry("top", "ᵀ"), Map.entry("lVert", "‖"), Map.entry("rVert", "‖"),
            Map.entry("Vert", "‖"), Map.entry("lvert", "|"), Map.entry("rvert", "|"), Map.entry("langle", "⟨"),
            Map.entry("rangle", "⟩"), Map.entry("lesssim", "≲"), Map.entry("gtrsim", "≳"), Map.entry("ll", "≪"),
            Map.entry("gg", "≫"), Map.entry("quad", " "), Map.entry("qquad", " "),
            Map.entry("left", ""), Map.entry("right", ""), Map.entry("big", ""), Map.entry("Big", ""),
            Map.entry("bigg", ""), Map.entry("Bigg", ""), Map.entry("bigl", ""), Map.entry("bigr", ""),
            Map.entry("Bigl", ""), Map.entry("Bigr", ""), Map.entry("displaystyle", ""), Map.entry("textstyle", ""),
            Map.entry("limits", ""), Map.entry("nolimits", ""), Map.entry("mathrm", ""), Map.entry("mathbb", ""),
            Map.entry("mathbf", ""), Map.entry("mathcal", ""), Map.entry("operatorname", ""), Map.entry("text", ""),
            Map.entry("boldsymbol", ""), Map.entry("boxed", ""),
            Map.entry("Rightarrow", " ⇒ "), Map.entry("Longrightarrow", " ⟹ "), Map.entry("implies", " ⟹ "),
            Map.entry("iff", " ⟺ "), Map.entry("forall", "∀"), Map.entry("exists", "∃"), Map.entry("mapsto", "↦"), Map.entry("hat", ""), Map.entry("bar", ""), Map.entry("tilde", ""));

    private TexText() {
    }

    static String of(CharSequence tex) {
        String s = tex.toString();
        if (s.indexOf('\\') < 0 && s.indexOf('{') < 0 && s.indexOf('^') < 0 && s.indexOf('&') < 0) {
            return collapse(s); // plain: nothing to convert
        }
        s = s.replace("\\\\", " ").replace("\\,", " ").replace("\\;", " ").replace("\\!", "").replace("\\ ", " ")
                .replace("\\:", " ").replace("\\{", "(").replace("\\}", ")").replace("\\|", "‖").replace('&', ' ');
        if (s.indexOf('^') >= 0) {
            s = TRANSPOSE.matcher(s).replaceAll("ᵀ");
        }
        if (s.indexOf('\\') >= 0) {
            s = COMMAND.matcher(s).replaceAll(m -> Matcher.quoteReplacement(SYMBOLS.getOrDefault(m.group(1), m.group())));
        }
        if (s.contains("frac")) {
            s = FRAC_DIGITS.matcher(s).replaceAll("$1/$2");
        }
        for (int pass = 0; pass < PASSES && s.indexOf('{') >= 0; pass++) {
            String before = s;
            s = BARE_GROUP.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
            if (s.indexOf('\\') >= 0) {
                s = STYLED.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
                s = SQRT.matcher(s).replaceAll(m -> Matcher.quoteReplacement("√" + group(m.group(1))));
                s = FRAC.matcher(s).replaceAll(m -> Matcher.quoteReplacement(group(m.group(1)) + "/" + group(m.group(2))));
            }
            s = SCRIPT.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + group(m.group(2))));
            if (s.equals(before)) {
                break;
            }
        }
        if (s.indexOf('\\') >= 0) {
            s = SQRT_ATOM.matcher(s).replaceAll("√$1");
            s = COMMAND.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        }
        return collapse(s.replace("{", "").replace("}", ""));
    }

    private static String collapse(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                space = b.length() > 0;
            } else {
                if (space) {
                    b.append(' ');
                    space = false;
                }
                b.append(c);
            }
        }
        return b.toString();
    }

    /** An atom as it is; anything with spaces or operators in brackets. */
    private static String group(String inner) {
        String t = inner.strip();
        return ATOM.matcher(t).matches() ? t : "(" + t + ")";
    }
}
