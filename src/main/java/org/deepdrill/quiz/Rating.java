package org.deepdrill.quiz;

/** The four self-grades, numbered as in Anki and FSRS. */
public enum Rating {
    AGAIN(1), HARD(2), GOOD(3), EASY(4);

    private final int value;

    Rating(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static Rating of(int value) {
        if (value < 1 || value > 4) {
            throw new IllegalArgumentException("rating must be 1 (Again) to 4 (Easy), got " + value);
        }
        return values()[value - 1];
    }

    public String label() {
        return name().charAt(0) + name().substring(1).toLowerCase();
    }
}
