package org.deepdrill.quiz;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Today's cards: those due (earliest first), then new ones up to the daily limit. */
public final class StudyQueue {
    private StudyQueue() {
    }

    public static List<String> build(List<String> questionIds, Progress progress, Instant now, int newPerDay, ZoneId zone) {
        List<CardState> due = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (String id : questionIds) {
            CardState c = progress.cards().get(id);
            if (c == null || c.isNew()) {
                fresh.add(id);
            } else if (c.isDue(now)) {
                due.add(c);
            }
        }
        due.sort(Comparator.comparing(CardState::due));
        List<String> out = new ArrayList<>(due.stream().map(CardState::cardId).toList());
        int allowed = Math.max(0, newPerDay - newStudiedToday(progress, now, zone));
        out.addAll(fresh.subList(0, Math.min(allowed, fresh.size())));
        return out;
    }

    /** New cards first seen today, counted from the log so that restarts do not reset the limit. */
    static int newStudiedToday(Progress progress, Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        java.util.Map<String, Instant> first = new java.util.HashMap<>();
        for (Review r : progress.log()) {
            first.merge(r.card(), r.reviewedAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        return (int) first.values().stream().filter(t -> LocalDate.ofInstant(t, zone).equals(today)).count();
    }
}
