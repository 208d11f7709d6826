package org.deepdrill.demo.optim;

import org.deepdrill.demo.Claim;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.deepdrill.demo.DemoTestSupport.assertJudged;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistributedTrainingDemoTest {
    private static final String ID = DistributedTrainingDemo.ID;
    private final DistributedTrainingDemo demo = new DistributedTrainingDemo();

    @Test
    void anOddWorkerCountAndSevenStagesHold() {
        DemoResult r = DemoTestSupport.quick(ID, Map.of("workers", "7", "stages", "7", "microBatches", "24", "vector", "1031"));
        DemoTestSupport.assertAllClaimsHold(r);
    }

    @Test
    void theFewestAndTheMostMicroBatchesHold() {
        DemoTestSupport.assertAllClaimsHold(DemoTestSupport.quick(ID, Map.of("stages", "8", "microBatches", "4")));
        DemoTestSupport.assertAllClaimsHold(DemoTestSupport.quick(ID, Map.of("microBatches", "128")));
    }

    // --- the pieces ---------------------------------------------------------------------------

    @Test
    void ringSendsTwoNMinusOneOverNOfTheVectorAndSums() {
        float[][] in = {{1, 2, 3, 4, 5}, {10, 20, 30, 40, 50}, {100, 200, 300, 400, 500}};
        RingAllReduce.Result r = RingAllReduce.ring(in);
        for (float[] out : r.out()) {
            assertArrayEquals(new float[] {111, 222, 333, 444, 555}, out);
        }
        long total = 0;
        for (long b : r.bytesSent()) {
            total += b;
        }
        assertEquals(2 * 2 * 5 * 4, total, "2(N − 1) chunks per worker, N chunks make the vector: 2(N − 1) vectors of 20 bytes in all");
    }

    @Test
    void aReduceScatterAloneLeavesEachWorkerOneFinishedChunk() {
        float[][] in = {{1, 2, 3}, {10, 20, 30}, {100, 200, 300}};
        RingAllReduce.Result r = RingAllReduce.ring(in, false);
        int finished = 0;
        for (float[] out : r.out()) {
            for (int i = 0; i < 3; i++) {
                if (out[i] == 111 * (i + 1)) {
                    finished++;
                }
            }
        }
        assertEquals(3, finished, "one finished chunk (here one value) per worker");
    }

    @Test
    void gpipeWithOneMicroBatchIdlesAllButOneStage() {
        assertEquals(0.75, PipelineSchedule.idleFraction(4, 1), 1e-12);
        assertEquals(3.0 / 19, PipelineSchedule.idleFraction(4, 16), 1e-12);
    }

    @Test
    void zeroStageThreeHoldsAnNthOfStageZero() {
        float[] params = new float[1000];
        float[][] grads = new float[4][1000];
        grads[1][3] = 1;
        ZeroShards.Step s0 = ZeroShards.step(0, params, grads, true);
        ZeroShards.Step s3 = ZeroShards.step(3, params, grads, true);
        assertEquals(16_000, s0.bytesHeld()[0]);
        assertEquals(4_000, s3.bytesHeld()[0]);
        assertArrayEquals(s0.params()[2], s3.params()[2]);
    }

    // --- the judge, on hand-made records -----------------------------------------------------

    private static final double[] SENT = {4 * 1024, 6 * 1024, 7 * 1024, 7.5 * 1024};
    private static final double[] SUM = {1e-7, 1e-7, 2e-7, 2e-7};

    private static double[] idle(int p) {
        double[] i = new double[DistributedTrainingDemo.SWEEP_MICRO.length];
        for (int k = 0; k < i.length; k++) {
            i[k] = DistributedTrainingDemo.bubble(p, DistributedTrainingDemo.SWEEP_MICRO[k]);
        }
        return i;
    }

    private static DistributedTrainingDemo.Run run(double dp, double[] sent, double[] sum, double sentAtN, double[] zeroDiff,
                                                   double microError) {
        return new DistributedTrainingDemo.Run(4, 1024, 1300, dp, sent, new double[] {4096, 12288, 28672, 61440}, sum, sentAtN,
                new double[] {16, 10, 7, 4}, zeroDiff,
                4, 16, microError, idle(4), 3.0 / 19);
    }

    private static DistributedTrainingDemo.Run truthful() {
        return run(2e-7, SENT, SUM, 6 * 1024, new double[4], 1e-7);
    }

    @Test
    void judgeHoldsATruthfulRecord() {
        List<Claim> claims = demo.judge(truthful());
        assertTrue(claims.stream().allMatch(Claim::holds), claims.toString());
        assertEquals(4, claims.size());
    }

    @Test
    void judgeFailsFalseMeasurements() {
        double[] zero = new double[4];
        assertJudged(demo.judge(run(0.25, SENT, SUM, 6 * 1024, zero, 1e-7)), "data-parallel-exact", false);
        assertJudged(demo.judge(run(2e-7, SENT, new double[] {1e-7, 0.3, 1e-7, 1e-7}, 6 * 1024, zero, 1e-7)),
                "ring-correct", false);
        assertJudged(demo.judge(run(2e-7, SENT, SUM, 6 * 1024, new double[] {0, 0, 0.01, 0}, 1e-7)), "zero-same-step", false);
        assertJudged(demo.judge(run(2e-7, SENT, SUM, 6 * 1024, zero, 15)), "micro-batch-exact", false);
        assertJudged(demo.judge(run(2e-7, SENT, SUM, 6 * 1024, zero, 3e-4)), "micro-batch-exact", false);
    }
}
