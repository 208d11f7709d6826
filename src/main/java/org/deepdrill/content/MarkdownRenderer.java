package org.deepdrill.content;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Markdown to safe HTML: GFM tables, TeX kept for KaTeX, raw HTML shown as text, unsafe link
 * schemes removed, and images only from relative paths inside the content folder.
 */
public final class MarkdownRenderer {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .attributeProviderFactory(ctx -> new SafeAttributes())
            .build();

    private MarkdownRenderer() {
    }

    public static String toHtml(String markdown) {
        MathGuard guard = new MathGuard();
        Node doc = PARSER.parse(guard.protect(markdown));
        return guard.restore(HTML.render(doc));
    }

    /** Keeps only http(s)/mailto links and relative images; marks links for the shell to open outside. */
    private static final class SafeAttributes implements AttributeProvider {
        @Override
        public void setAttributes(Node node, String tag, Map<String, String> attrs) {
            if (node instanceof Link) {
                String href = attrs.getOrDefault("href", "");
                if (!isWebLink(href) && !href.startsWith("#")) {
                    attrs.remove("href");
                }
                attrs.put("rel", "noopener");
            } else if (node instanceof Image) {
                String src = attrs.getOrDefault("src", "");
                if (!isRelativeInside(src)) {
                    attrs.put("src", "");
                    attrs.put("data-blocked", "image outside the content folder");
                }
            }
        }

        static boolean isWebLink(String href) {
            String h = href.toLowerCase(Locale.ROOT).strip();
            return h.startsWith("https://") || h.startsWith("http://") || h.startsWith("mailto:");
        }

        static boolean isRelativeInside(String src) {
            String s = src.strip();
            return !s.isEmpty() && !s.contains(":") && !s.startsWith("/") && !s.startsWith("\\") && !s.contains("..");
        }
    }
}
