package dev.nucleus.linux.text;

/** Where an offset into a document is, for a message: its 1-based line and column. */
public final class TextPositions {
    private TextPositions() {
    }

    /** The 1-based line of {@code offset} in {@code text}. */
    public static int line(String text, int offset) {
        int line = 1;
        for (int i = 0, end = Math.min(offset, text.length()); i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The 1-based column of {@code offset} in its line. */
    public static int column(String text, int offset) {
        int end = Math.min(offset, text.length());
        return end - text.lastIndexOf('\n', end - 1);
    }
}
