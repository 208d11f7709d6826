package org.deepdrill.quiz;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlanReportSectionTest {
    @Test
    void theKeptSectionEndsAtTheNextHeading() {
        String file = "# B\n\n## Demos\n\nrows\n\n" + PlanReport.HEADING + "\n\nplan text\n\n## Search\n\nappended later\n";
        assertEquals(PlanReport.HEADING + "\n\nplan text\n\n", PlanReport.section(file));
    }

    @Test
    void aSectionAtTheEndRunsToTheEnd() {
        assertEquals(PlanReport.HEADING + "\nplan\n", PlanReport.section("# B\n" + PlanReport.HEADING + "\nplan\n"));
        assertEquals("", PlanReport.section("# B\n## Demos\n"));
    }
}
