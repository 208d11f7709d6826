package org.deepdrill.ui;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.deepdrill.demo.Claim;
import org.deepdrill.demo.Heatmap;

/** A heatmap drawn on a canvas, with axis labels and a colour scale with its min and max. */
final class HeatmapView {
    private static final double[][] VIRIDIS = {
            {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    private static final double PLOT = 220;
    private final VBox root = new VBox(4);

    HeatmapView(Heatmap h, boolean dark) {
        Label title = new Label(h.title());
        title.getStyleClass().add("heatmap-title");
        title.setWrapText(true);
        title.setMaxWidth(PLOT + 110);
        Canvas canvas = new Canvas(PLOT + 110, PLOT + 46);
        draw(canvas.getGraphicsContext2D(), h, dark);
        Tooltip.install(canvas, new Tooltip(h.rows() + " × " + h.cols() + ", min " + Claim.num(h.min()) + ", max " + Claim.num(h.max())));
        root.getChildren().addAll(title, canvas);
        root.getStyleClass().add("heatmap");
        root.setId("heatmap-" + h.id());
    }

    VBox node() {
        return root;
    }

    private static void draw(GraphicsContext g, Heatmap h, boolean dark) {
        int rows = h.rows();
        int cols = h.cols();
        if (rows == 0 || cols == 0) {
            return;
        }
        double left = 34;
        double top = 4;
        double cw = PLOT / cols;
        double ch = PLOT / rows;
        double min = h.min();
        double max = h.max();
        double span = max > min ? max - min : 1;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = h.values()[r][c];
                g.setFill(Double.isFinite(v) ? colour((v - min) / span) : Color.GRAY);
                g.fillRect(left + c * cw, top + r * ch, Math.ceil(cw), Math.ceil(ch));
            }
        }
        Color ink = dark ? Color.web("#e6edf3") : Color.web("#1f2328");
        g.setFill(ink);
        g.setFont(Font.font(10));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.fillText(h.colLabel() + " →", left + PLOT / 2, top + PLOT + 4);
        g.save();
        g.translate(10, top + PLOT / 2);
        g.rotate(-90);
        g.fillText(h.rowLabel() + " →", 0, 0);
        g.restore();
        // Colour scale
        double sx = left + PLOT + 12;
        for (int i = 0; i < 100; i++) {
            g.setFill(colour(1 - i / 99.0));
            g.fillRect(sx, top + i * PLOT / 100, 12, PLOT / 100 + 1);
        }
        g.setFill(ink);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(Claim.num(max), sx + 16, top);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(Claim.num(min), sx + 16, top + PLOT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(Claim.num((min + max) / 2), sx + 16, top + PLOT / 2);
    }

    /** The viridis colour map, interpolated between five stops; t in [0, 1]. */
    static Color colour(double t) {
        double x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min(VIRIDIS.length - 2, (int) x);
        double f = x - i;
        double[] a = VIRIDIS[i];
        double[] b = VIRIDIS[i + 1];
        return Color.rgb((int) (a[0] + f * (b[0] - a[0])), (int) (a[1] + f * (b[1] - a[1])), (int) (a[2] + f * (b[2] - a[2])));
    }
}
