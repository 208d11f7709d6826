package org.deepdrill.quiz;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Today's cards: those due (earliest first), then, with an interview plan, those brought forward,
 * then new ones up to the daily limit (raised by the plan when it needs more).
 */
public final class StudyQueue {
    /** Why a card is in the queue. */
    public enum Kind { DUE, EARLY, NEW }

    /** One card of the queue; {@code why} is empty unless the plan brought it forward. */
    public record Entry(String id, Kind kind, String why) {
    }

    /** The queue, the new-card limit used today, and a note when the plan raised it (else empty). */
    public record Today(List<Entry> entries, int newLimit, String note) {
        public List<String> ids() {
            return entries.stream().map(Entry::id).toList();
        }
    }

    private StudyQueue() {
    }

    public static List<String> build(List<String> questionIds, Progress progress, Instant now, int newPerDay, ZoneId zone) {
        return today(questionIds, progress, now, newPerDay, zone, null).ids();
    }

    /** Today's queue; {@code plan} may be null (no interview date). */
    public static Today today(List<String> questionIds, Progress progress, Instant now, int newPerDay, ZoneId zone,
                              InterviewPlan plan) {
        boolean planning = plan != null && plan.active(now);
        Map<String, Set<LocalDate>> days = planning ? daysStudied(progress, zone) : Map.of();
        List<CardState> due = new ArrayList<>();
        List<Entry> early = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(now, zone);
        for (String id : questionIds) {
            CardState c = progress.cards().get(id);
            if (c == null || c.isNew()) {
                fresh.add(id);
            } else if (c.isDue(now)) {
                due.add(c);
            } else if (planning) {
                plan.early(c, days.getOrDefault(id, Set.of()).size(), now).filter(e -> !e.from().isAfter(today))
                        .ifPresent(e -> early.add(new Entry(id, Kind.EARLY, e.reason())));
            }
        }
        due.sort(Comparator.comparing(CardState::due));
        List<Entry> out = new ArrayList<>();
        due.forEach(c -> out.add(new Entry(c.cardId(), Kind.DUE, "")));
        out.addAll(early);
        int studiedToday = newStudiedToday(progress, now, zone);
        int limit = newPerDay;
        String note = "";
        if (planning) {
            int needed = plan.newPerDayNeeded(fresh.size() + studiedToday, now);
            if (needed > newPerDay) {
                limit = needed;
                note = newCardNote(plan, needed, newPerDay, fresh.size() + studiedToday, now);
            }
        }
        int allowed = Math.max(0, limit - studiedToday);
        fresh.subList(0, Math.min(allowed, fresh.size())).forEach(id -> out.add(new Entry(id, Kind.NEW, "")));
        return new Today(out, limit, note);
    }

    private static String newCardNote(InterviewPlan plan, int needed, int usual, int unseen, Instant now) {
        String when = "your interview on " + InterviewPlan.day(plan.interview().date());
        long days = plan.daysForNewCards(now);
        String all = "All " + unseen + " questions not yet seen are in today's queue (your limit is " + usual + " new a day)";
        if (days < 1) {
            return all + ": too close to " + when + " to see each " + plan.times() + " times.";
        }
        if (days == 1) {
            return all + ": today is the last day that leaves time to see each " + plan.times() + " times before " + when + ".";
        }
        return needed + " new cards a day instead of your " + usual + ", so that each of the " + unseen
                + " questions not yet seen comes up " + plan.times() + " times before " + when + ".";
    }

    /** New cards first seen today, counted from the log so that restarts do not reset the limit. */
    static int newStudiedToday(Progress progress, Instant now, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        LocalDate today = day(now, rules);
        Set<String> before = new HashSet<>();
        Set<String> todays = new HashSet<>();
        for (Review r : progress.log()) {
            (day(r.reviewedAt(), rules).isBefore(today) ? before : todays).add(r.card());
        }
        todays.removeAll(before);
        return todays.size();
    }

    /** The calendar days on which each card was reviewed. */
    public static Map<String, Set<LocalDate>> daysStudied(Progress progress, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        Map<String, Set<LocalDate>> out = new HashMap<>();
        for (Review r : progress.log()) {
            out.computeIfAbsent(r.card(), k -> new HashSet<>()).add(day(r.reviewedAt(), rules));
        }
        return out;
    }

    /** The calendar day of an instant; the rules are looked up once per scan (a ZoneOffset builds new ones each time). */
    static LocalDate day(Instant t, ZoneRules rules) {
        return LocalDate.ofEpochDay(Math.floorDiv(t.getEpochSecond() + rules.getOffset(t).getTotalSeconds(), 86_400L));
    }
}
