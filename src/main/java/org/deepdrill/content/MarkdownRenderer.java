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

    private MarkdownRenderer() {
    }

    /** Largest image a document may show. */
    public static final long MAX_IMAGE_BYTES = 2_000_000;

    public static String toHtml(String markdown) {
        return toHtml(markdown, null);
    }

    /**
     * Renders with images resolved against {@code folder}: a relative path that stays inside the
     * folder, names an existing file and is at most {@link #MAX_IMAGE_BYTES} becomes a file URL;
     * every other image is blocked.
     */
    public static String toHtml(String markdown, java.nio.file.Path folder) {
        return BoundedRender.run(() -> render(markdown, folder), markdown);
    }

    private static String render(String markdown, java.nio.file.Path folder) {
        MathGuard guard = new MathGuard();
        Node doc = PARSER.parse(guard.protect(markdown));
        HtmlRenderer html = HtmlRenderer.builder()
                .extensions(EXTENSIONS)
                .escapeHtml(true)
                // A soft line break as a space: the WebView draws a bare newline inside text as a missing-glyph box.
                .softbreak(" ")
                .sanitizeUrls(true)
                .attributeProviderFactory(ctx -> new SafeAttributes(folder))
                .build();
        return guard.restore(html.render(doc));
    }

    static String imageUrl(java.nio.file.Path folder, String src) {
        if (folder == null || !SafeAttributes.isRelativeInside(src)) {
            return null;
        }
        try {
            java.nio.file.Path base = folder.toAbsolutePath().normalize();
            java.nio.file.Path f = base.resolve(src.strip()).normalize();
            if (!f.startsWith(base) || !java.nio.file.Files.isRegularFile(f) || java.nio.file.Files.size(f) > MAX_IMAGE_BYTES) {
                return null;
            }
            return f.toUri().toString();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** Keeps only http(s)/mailto links and relative images; marks links for the shell to open outside. */
    private static final class SafeAttributes implements AttributeProvider {
        private final java.nio.file.Path folder;

        SafeAttributes(java.nio.file.Path folder) {
            this.folder = folder;
        }

        @Override
        public void setAttributes(Node node, String tag, Map<String, String> attrs) {
            if (node instanceof Link) {
                String href = attrs.getOrDefault("href", "");
                if (!isWebLink(href) && !href.startsWith("#")) {
                    attrs.remove("href");
                }
                attrs.put("rel", "noopener");
            } else if (node instanceof Image) {
                String url = imageUrl(folder, attrs.getOrDefault("src", ""));
                if (url == null) {
                    attrs.put("src", "");
                    attrs.put("data-blocked", "image not found inside the question's folder, or too large");
                } else {
                    attrs.put("src", url);
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
