package org.deepdrill.demo.architectures;

import org.deepdrill.demo.Chart;
import org.deepdrill.demo.DemoResult;
import org.deepdrill.demo.DemoTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NormalizationBatchSizeDemoTest {
    @Test
    void batchNormDegradesAtBatchTwoWhileGroupNormHolds() {
        DemoResult r = DemoTestSupport.quick(NormalizationBatchSizeDemo.ID);
        DemoTestSupport.assertClaimHolds(r, "BatchNorm degrades at batch 2");
        DemoTestSupport.assertClaimHolds(r, "GroupNorm holds");
        DemoTestSupport.assertClaimHolds(r, "depends on the mode");
        DemoTestSupport.assertClaimHolds(r, "no such gap");
        DemoTestSupport.assertAllClaimsHold(r);
        Chart acc = r.chart("accuracy").orElseThrow();
        assertEquals(3, acc.series().size());
        assertEquals(3, acc.series("GroupNorm").orElseThrow().size());
        assertEquals(9, r.table("modes").orElseThrow().rows().size());
        assertEquals(9, r.chart("loss").orElseThrow().series().size());
    }
}
