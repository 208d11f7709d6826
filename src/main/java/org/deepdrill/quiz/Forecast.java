package org.deepdrill.quiz;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expected recall at a future moment if nothing is reviewed until then: each studied card's FSRS
 * retrievability R(t, S) from its current state, with never-studied questions at 0.
 */
public final class Forecast {
    /** One studied card on the day. */
    public record CardRecall(String card, double retrievability, double stability) {
    }

    /** A section's expected share of questions recalled. */
    public record SectionRecall(int number, double recall) {
    }

    /** The forecast for a date: overall share, per section, and every studied card. */
    public record Result(LocalDate date, double overall, List<SectionRecall> sections, List<CardRecall> cards) {
    }

    private Forecast() {
    }

    /** R at {@code at} from the card's last review (elapsed time in fractional days), 0 for a card never studied. */
    public static double retrievability(Fsrs fsrs, CardState c, Instant at) {
        if (c == null || c.isNew() || Double.isNaN(c.stability())) {
            return 0;
        }
        double days = Math.max(0, (at.getEpochSecond() - c.lastReview().getEpochSecond()) / 86_400.0);
        return fsrs.retrievability(days, c.stability());
    }

    /** Mean R over the questions, unseen ones counting 0. */
    public static double recall(Fsrs fsrs, Progress p, List<String> ids, Instant at) {
        if (ids.isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (String id : ids) {
            sum += retrievability(fsrs, p.cards().get(id), at);
        }
        return sum / ids.size();
    }

    /** Section number → its question ids, in content order, leaving out empty sections. */
    public static Map<Integer, List<String>> sections(org.deepdrill.content.ContentSet content) {
        Map<Integer, List<String>> out = new java.util.LinkedHashMap<>();
        content.sections().stream().filter(s -> !s.questions().isEmpty())
                .forEach(s -> out.put(s.number(), s.questions().stream().map(org.deepdrill.content.Question::id).toList()));
        return out;
    }

    /** The forecast at {@code at} for the questions of each section (section number → ids, in order). */
    public static Result on(Fsrs fsrs, Progress p, Map<Integer, List<String>> sections, LocalDate date, Instant at) {
        List<SectionRecall> out = new ArrayList<>();
        List<String> all = new ArrayList<>();
        sections.forEach((n, ids) -> {
            out.add(new SectionRecall(n, recall(fsrs, p, ids, at)));
            all.addAll(ids);
        });
        List<CardRecall> cards = new ArrayList<>();
        p.cards().values().stream().filter(c -> !c.isNew() && !Double.isNaN(c.stability()))
                .forEach(c -> cards.add(new CardRecall(c.cardId(), retrievability(fsrs, c, at), c.stability())));
        return new Result(date, recall(fsrs, p, all, at), out, cards);
    }

    /**
     * Expected recall from now to the interview if no card is reviewed again: the first point is now,
     * then one per day at the interview's hour, the last on the day itself.
     */
    public static double[] ifStoppedNow(Fsrs fsrs, Progress p, List<String> ids, Interview interview, Instant now) {
        List<Instant> at = days(interview, now);
        double[] out = new double[at.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = recall(fsrs, p, ids, at.get(i));
        }
        return out;
    }

    /** The moments of the recall curves: now, then 9:00 on each following day up to the interview. */
    public static List<Instant> days(Interview interview, Instant now) {
        List<Instant> out = new ArrayList<>();
        out.add(now);
        LocalDate today = LocalDate.ofInstant(now, interview.zone());
        for (LocalDate d = today.plusDays(1); !d.isAfter(interview.date()); d = d.plusDays(1)) {
            out.add(d.atTime(Interview.TIME).atZone(interview.zone()).toInstant());
        }
        return out;
    }
}
