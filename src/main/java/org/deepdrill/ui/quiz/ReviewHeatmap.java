package org.deepdrill.ui.quiz;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Map;

/**
 * Reviews per day as a grid of the last {@code weeks} weeks: one column per week (Monday on top),
 * the colour darker the more reviews that day, with month names above and a legend below.
 */
final class ReviewHeatmap {
    static final int CELL = 13;
    static final int GAP = 3;
    private static final int LEFT = 30;
    private static final int TOP = 18;

    private final Canvas canvas;
    private final int weeks;

    ReviewHeatmap(int weeks) {
        this.weeks = weeks;
        this.canvas = new Canvas(LEFT + weeks * (CELL + GAP) + 4, TOP + 7 * (CELL + GAP) + 24);
        canvas.setId("stats-heatmap");
    }

    Canvas canvas() {
        return canvas;
    }

    /** The first day shown: the Monday {@code weeks − 1} weeks before this week's Monday. */
    static LocalDate firstDay(LocalDate today, int weeks) {
        return today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(weeks - 1L);
    }

    /** 0 for no reviews, then four steps up to the busiest day. */
    static int level(int count, int max) {
        if (count <= 0 || max <= 0) {
            return 0;
        }
        return Math.min(4, 1 + (int) Math.floor(3.0 * (count - 1) / Math.max(1, max - 1) + 1e-9));
    }

    void draw(Map<LocalDate, Integer> perDay, LocalDate today, boolean dark) {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        Color[] scale = dark
                ? new Color[]{Color.web("#161b22"), Color.web("#0e4429"), Color.web("#006d32"), Color.web("#26a641"), Color.web("#39d353")}
                : new Color[]{Color.web("#ebedf0"), Color.web("#9be9a8"), Color.web("#40c463"), Color.web("#30a14e"), Color.web("#216e39")};
        Color text = dark ? Color.web("#8b949e") : Color.web("#57606a");
        LocalDate first = firstDay(today, weeks);
        int max = perDay.entrySet().stream().filter(e -> !e.getKey().isBefore(first) && !e.getKey().isAfter(today))
                .mapToInt(Map.Entry::getValue).max().orElse(0);
        g.setFont(Font.font(10));
        g.setFill(text);
        String[] rows = {"Mon", "", "Wed", "", "Fri", "", ""};
        for (int r = 0; r < 7; r++) {
            g.fillText(rows[r], 0, TOP + r * (CELL + GAP) + CELL - 2);
        }
        int lastMonth = -1;
        for (int w = 0; w < weeks; w++) {
            LocalDate monday = first.plusWeeks(w);
            if (monday.getMonthValue() != lastMonth) {
                lastMonth = monday.getMonthValue();
                g.setFill(text);
                g.fillText(monday.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH), LEFT + w * (CELL + GAP), 11);
            }
            for (int d = 0; d < 7; d++) {
                LocalDate day = monday.plusDays(d);
                if (day.isAfter(today)) {
                    continue;
                }
                g.setFill(scale[level(perDay.getOrDefault(day, 0), max)]);
                g.fillRoundRect(LEFT + w * (CELL + GAP), TOP + d * (CELL + GAP), CELL, CELL, 3, 3);
            }
        }
        double y = TOP + 7 * (CELL + GAP) + 6;
        double x = LEFT + 28;
        g.setFill(text);
        g.fillText("Less", x - 26, y + CELL - 2);
        for (int i = 0; i < 5; i++) {
            g.setFill(scale[i]);
            g.fillRoundRect(x + i * (CELL + GAP), y, CELL, CELL, 3, 3);
        }
        g.setFill(text);
        g.fillText("More (busiest day " + max + ")", x + 5 * (CELL + GAP) + 2, y + CELL - 2);
    }
}
