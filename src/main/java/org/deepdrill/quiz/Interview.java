package org.deepdrill.quiz;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/** The interview the plan works towards. Forecasts are for 9:00 on its day, in the learner's time zone. */
public record Interview(LocalDate date, ZoneId zone) {
    public static final LocalTime TIME = LocalTime.of(9, 0);

    /** The moment the forecasts are for. */
    public Instant moment() {
        return date.atTime(TIME).atZone(zone).toInstant();
    }

    /** Whole calendar days from the day of {@code now} to the interview: 0 on the day itself. */
    public long daysLeft(Instant now) {
        return ChronoUnit.DAYS.between(LocalDate.ofInstant(now, zone), date);
    }

    /** True until 9:00 on the day. */
    public boolean ahead(Instant now) {
        return now.isBefore(moment());
    }

    /** "in 12 days", "tomorrow", "today", or "3 days ago". */
    public String countdown(Instant now) {
        long d = daysLeft(now);
        if (d > 1) {
            return "in " + d + " days";
        }
        if (d == 1) {
            return "tomorrow";
        }
        return d == 0 ? "today" : -d + (d == -1 ? " day ago" : " days ago");
    }
}
