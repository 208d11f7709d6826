package org.deepdrill.demo.attention;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizationDemoTest {
    private static final String ID = TokenizationDemo.ID;
    private final TokenizationDemo demo = new TokenizationDemo();

    @Test
    void theProbeCharactersAreAbsentFromEveryQuestion() {
        Corpus c = Corpus.load(0);
        String all = c.train() + c.heldOut();
        TokenizationDemo.PROBE.codePoints().filter(cp -> !Character.isWhitespace(cp))
                .forEach(cp -> assertTrue(all.indexOf(cp) < 0, "the content contains " + new String(Character.toChars(cp))));
    }

    @Test
    void bpeMergesTheMostFrequentPairFirst() {
        Bpe bpe = Bpe.train("aaab aaab aaab abab", Bpe.Base.BYTES, 1);
        assertEquals(1, bpe.merges());
        assertArrayEquals(new int[] {256, 'a', 'b'}, bpe.encodeWord("aaab", 1), "'aa' is the most frequent pair");
        assertEquals("aaab", bpe.decode(bpe.encodeWord("aaab", 1)));
    }

    // --- the judge, on hand-made records -------------------------------------------------

    private static TokenizationDemo.Run record(double[] tokens, double rare, double frequent, int lost) {
        double[] vocab = {256, 512, 1024, 2048};
        double[] bpt = new double[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            bpt[i] = 75_000 / tokens[i];
        }
        return new TokenizationDemo.Run(768, 75_000, vocab, tokens, bpt, rare, frequent, 1000, lost, 12,
                List.of(" the"), List.of("▁the"), 6_000_000, 35, 300_000);
    }

    private static final double[] GOOD = {75_000, 40_000, 31_000, 26_000};

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(record(GOOD, 3.2, 1, 0));
        assertEquals(4, claims.size());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        // a vocabulary that barely shortens the text
        assertJudged(demo.judge(record(new double[] {75_000, 60_000, 45_000, 35_000}, 3.2, 1, 0)), "compression", false);
        // every doubling saving as much as the first
        assertJudged(demo.judge(record(new double[] {75_000, 60_000, 45_000, 30_000}, 3.2, 1, 0)), "diminishing-returns", false);
        // unseen words no longer than frequent ones
        assertJudged(demo.judge(record(GOOD, 1.2, 1, 0)), "rare-words-split", false);
        // characters lost on the way back
        assertJudged(demo.judge(record(GOOD, 3.2, 1, 7)), "lossless", false);
    }
}
