package org.deepdrill.ui;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live axes keep round bounds while the data fits them, so most redraws leave the ticks alone. */
class LiveRangeTest {
    @Test
    void boundsAreRoundAndHoldTheData() {
        LiveRange r = new LiveRange();
        assertTrue(r.fit(0.13, 2.31));
        assertTrue(r.lower() <= 0.13 && r.upper() >= 2.31, r.lower() + ".." + r.upper());
        assertEquals(0, Math.IEEEremainder(r.lower(), r.unit()), 1e-9);
        assertEquals(0, Math.IEEEremainder(r.upper(), r.unit()), 1e-9);
    }

    @Test
    void aGrowingSeriesMovesTheBoundsOnlyNowAndThen() {
        LiveRange r = new LiveRange();
        int changes = 0;
        for (int step = 0; step < 2000; step++) {
            if (r.fit(0, step)) {
                changes++;
            }
            assertTrue(r.upper() >= step);
        }
        assertTrue(changes < 40, changes + " changes for 2000 points");
    }

    @Test
    void dataShrinkingInsideTheBoundsGetsTighterOnes() {
        LiveRange r = new LiveRange();
        r.fit(0, 100);
        assertFalse(r.fit(10, 90), "still fills the bounds");
        assertTrue(r.fit(40, 45), "fills a few percent: tighter bounds");
        assertTrue(r.upper() - r.lower() < 20, r.lower() + ".." + r.upper());
    }

    @Test
    void aSinglePointStillGetsASpan() {
        LiveRange r = new LiveRange();
        assertTrue(r.fit(3, 3));
        assertTrue(r.lower() < 3 && r.upper() > 3);
        assertFalse(r.fit(Double.NaN, 1));
    }

    @Test
    void niceUnits() {
        assertEquals(0.25, LiveRange.niceUnit(0.21), 1e-12);
        assertEquals(5, LiveRange.niceUnit(3.1), 1e-12);
        assertEquals(100, LiveRange.niceUnit(100), 1e-9);
    }

    @Test
    void linearTicksShowTheDigitsTheUnitNeeds() {
        assertEquals("0.25", ChartView.linearTick(0.25, 0.25));
        assertEquals("2.5", ChartView.linearTick(2.5, 2.5));
        assertEquals("0.30", ChartView.linearTick(0.30000000000000004, 0.05));
        assertEquals("120", ChartView.linearTick(120, 20));
        assertEquals("0", ChartView.linearTick(1e-17, 0.1));
    }
}
