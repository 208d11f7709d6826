package org.deepdrill.quiz;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The learner's progress in use: grading a card updates the scheduler state, appends to the log
 * and saves atomically before returning, so a crash loses at most the review in flight. Messages
 * from loading (a corrupt file set aside, a restored backup) are kept for the UI to show.
 */
public final class QuizBook {
    private final ProgressStore store;
    private final Progress progress;
    private final List<String> messages;
    private Fsrs fsrs;

    public QuizBook(ProgressStore store, FsrsParameters params) {
        this.store = store;
        ProgressStore.Loaded loaded = store.load();
        this.progress = loaded.progress();
        this.messages = new ArrayList<>(loaded.messages());
        this.fsrs = new Fsrs(params);
    }

    public Progress progress() {
        return progress;
    }

    public Fsrs fsrs() {
        return fsrs;
    }

    public void setParameters(FsrsParameters params) {
        this.fsrs = new Fsrs(params);
    }

    public List<String> messages() {
        return Collections.unmodifiableList(messages);
    }

    public ProgressStore store() {
        return store;
    }

    /** What each grade would schedule now, for the labels on the grade buttons. */
    public Map<Rating, CardState> preview(String cardId, Instant now) {
        Map<Rating, CardState> out = new EnumMap<>(Rating.class);
        CardState c = progress.card(cardId, now);
        for (Rating r : Rating.values()) {
            out.put(r, fsrs.review(c, r, now));
        }
        return out;
    }

    /** Grades and saves. If the save fails the grade stays in memory and the error is thrown. */
    public synchronized CardState grade(String cardId, Rating rating, Instant now, String source) throws IOException {
        CardState next = progress.grade(fsrs, cardId, rating, now, source);
        store.save(progress);
        return next;
    }

    /** The interview plan if a date is set, else null. */
    public InterviewPlan plan(int times, java.time.ZoneId zone) {
        return progress.interviewDate().map(d -> new InterviewPlan(fsrs, new Interview(d, zone), times)).orElse(null);
    }

    /** Sets or (with null) clears the interview date and saves; if the save fails the old date stays. */
    public synchronized void setInterviewDate(java.time.LocalDate date) throws IOException {
        java.time.LocalDate old = progress.interviewDate().orElse(null);
        progress.setInterviewDate(date);
        try {
            store.save(progress);
        } catch (IOException | RuntimeException e) {
            progress.setInterviewDate(old);
            throw e;
        }
    }

    /** Short words for an interval, such as "10 min", "3 d" or "1.4 y". */
    public static String interval(Instant from, Instant to) {
        long s = Math.max(0, java.time.Duration.between(from, to).getSeconds());
        if (s < 3600) {
            return Math.max(1, Math.round(s / 60.0)) + " min";
        }
        if (s < 86_400) {
            return Math.round(s / 3600.0) + " h";
        }
        double d = s / 86_400.0;
        if (d < 60) {
            return Math.round(d) + " d";
        }
        if (d < 365) {
            return String.format(java.util.Locale.ROOT, "%.1f mo", d / 30.4);
        }
        return String.format(java.util.Locale.ROOT, "%.1f y", d / 365.25);
    }
}
