package org.deepdrill.demo.multimodal;

import org.deepdrill.demo.lib.data.SyntheticImages;

import java.util.Random;

/**
 * Image–caption pairs: a SyntheticImages pattern painted in one of four colours (3 channels), and a
 * two-word caption drawn from two synonyms per colour and per pattern. A concept is colour·8 + pattern.
 */
final class ColourShapes {
    static final String[][] COLOUR_WORDS = {{"red", "crimson"}, {"green", "lime"}, {"blue", "navy"},
            {"yellow", "gold"}};
    static final float[][] RGB = {{1f, 0.1f, 0.1f}, {0.1f, 1f, 0.1f}, {0.1f, 0.2f, 1f}, {1f, 0.9f, 0.1f}};
    static final String[][] PATTERN_WORDS = {{"hstripes", "rows"}, {"vstripes", "columns"}, {"square", "block"},
            {"cross", "plus"}, {"ring", "circle"}, {"diagonal", "slash"}, {"checker", "board"}, {"dots", "grid"}};
    static final int COLOURS = COLOUR_WORDS.length;
    static final int PATTERNS = PATTERN_WORDS.length;
    static final int CONCEPTS = COLOURS * PATTERNS;
    /** Vocabulary: 2 words per colour, then 2 per pattern. */
    static final int VOCAB = 2 * COLOURS + 2 * PATTERNS;

    final float[] images; // (n,3,s,s) row-major
    final int[] concept;
    final int size;

    private ColourShapes(float[] images, int[] concept, int size) {
        this.images = images;
        this.concept = concept;
        this.size = size;
    }

    /** n images, each concept appearing n / CONCEPTS times (n must be a multiple of CONCEPTS). */
    static ColourShapes generate(int n, int size, double noise, long seed) {
        Random rnd = new Random(seed);
        SyntheticImages.Batch grey = SyntheticImages.generate(n * 3, size, PATTERNS, 0, seed);
        float[] img = new float[n * 3 * size * size];
        int[] concept = new int[n];
        int px = size * size;
        int[] used = new int[PATTERNS];
        for (int i = 0; i < n; i++) {
            int c = i % CONCEPTS;
            int pattern = c % PATTERNS;
            int colour = c / PATTERNS;
            int src = nextOfClass(grey.labels(), pattern, used);
            concept[i] = c;
            for (int ch = 0; ch < 3; ch++) {
                for (int p = 0; p < px; p++) {
                    img[(i * 3 + ch) * px + p] = grey.images()[src * px + p] * RGB[colour][ch]
                            + (float) (noise * rnd.nextGaussian());
                }
            }
        }
        return new ColourShapes(img, concept, size);
    }

    /** Index of the next unused grey image with the given pattern (cycling if the pool runs out). */
    private static int nextOfClass(int[] labels, int pattern, int[] used) {
        for (int k = 0; k < labels.length; k++) {
            int j = (used[pattern] + k) % labels.length;
            if (labels[j] == pattern) {
                used[pattern] = j + 1;
                return j;
            }
        }
        throw new IllegalStateException("no image of pattern " + pattern);
    }

    /** Bag-of-words captions (n, VOCAB): one colour word and one pattern word, each a random synonym. */
    static float[] captions(int[] concepts, Random rnd) {
        float[] bag = new float[concepts.length * VOCAB];
        for (int i = 0; i < concepts.length; i++) {
            int colour = concepts[i] / PATTERNS;
            int pattern = concepts[i] % PATTERNS;
            bag[i * VOCAB + 2 * colour + rnd.nextInt(2)] = 1f;
            bag[i * VOCAB + 2 * COLOURS + 2 * pattern + rnd.nextInt(2)] = 1f;
        }
        return bag;
    }

    static String name(int concept) {
        return COLOUR_WORDS[concept / PATTERNS][0] + " " + PATTERN_WORDS[concept % PATTERNS][0];
    }
}
