package org.deepdrill.demo.lib.data;

import java.util.Random;

/**
 * Small class-conditional grey images, learnable in seconds: each class is a pattern (stripes,
 * shapes) drawn at a random position with random contrast and pixel noise. Pure Java; turn the
 * result into NDArrays with {@code manager.create(images, new Shape(n, 1, size, size))}.
 */
public final class SyntheticImages {
    /** The pattern names, one per class, in label order. */
    public static final String[] CLASSES = {"horizontal stripes", "vertical stripes", "filled square", "cross",
            "ring", "diagonal", "checker", "dots"};

    /** n images of size×size in row-major order (n·size·size floats), and their labels. */
    public record Batch(float[] images, int[] labels, int size, int classes) {
        public int count() {
            return labels.length;
        }
    }

    private SyntheticImages() {
    }

    /**
     * @param classes number of classes, 2 to 8
     * @param noise   std of the added pixel noise (0.3 is moderate)
     */
    public static Batch generate(int n, int size, int classes, double noise, long seed) {
        if (classes < 2 || classes > CLASSES.length) {
            throw new IllegalArgumentException("classes must be in 2.." + CLASSES.length + ", got " + classes);
        }
        if (size < 8) {
            throw new IllegalArgumentException("size must be at least 8, got " + size);
        }
        Random rnd = new Random(seed);
        float[] img = new float[n * size * size];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rnd.nextInt(classes);
            labels[i] = c;
            draw(img, i * size * size, size, c, rnd);
            for (int p = 0; p < size * size; p++) {
                img[i * size * size + p] += (float) (rnd.nextGaussian() * noise);
            }
        }
        return new Batch(img, labels, size, classes);
    }

    private static void draw(float[] img, int off, int s, int c, Random rnd) {
        float amp = 0.7f + 0.6f * rnd.nextFloat();
        int half = s / 2;
        int r = Math.max(2, s / 4 + rnd.nextInt(Math.max(1, s / 8)));
        int cx = half + rnd.nextInt(Math.max(1, s / 4)) - s / 8;
        int cy = half + rnd.nextInt(Math.max(1, s / 4)) - s / 8;
        int phase = rnd.nextInt(4);
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                boolean on = switch (c) {
                    case 0 -> ((y + phase) / 2) % 2 == 0;
                    case 1 -> ((x + phase) / 2) % 2 == 0;
                    case 2 -> Math.abs(x - cx) <= r && Math.abs(y - cy) <= r;
                    case 3 -> (Math.abs(x - cx) <= 1 && Math.abs(y - cy) <= r) || (Math.abs(y - cy) <= 1 && Math.abs(x - cx) <= r);
                    case 4 -> {
                        double d = Math.hypot(x - cx, y - cy);
                        yield d <= r && d >= r - 1.6;
                    }
                    case 5 -> Math.abs((x - y) - (cx - cy)) <= 1;
                    case 6 -> (((x + phase) / 3) + ((y + phase) / 3)) % 2 == 0;
                    default -> ((x + phase) % 4 == 0) && ((y + phase) % 4 == 0);
                };
                img[off + y * s + x] = on ? amp : 0f;
            }
        }
    }
}
