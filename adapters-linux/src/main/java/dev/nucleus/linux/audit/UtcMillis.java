package dev.nucleus.linux.audit;

/**
 * An instant as ISO-8601 UTC with exactly three fraction digits ({@code 2025-03-04T05:06:07.120Z}),
 * by arithmetic on the epoch milliseconds. java.time's formatter says the same but initializes
 * some 50 classes on first use, a millisecond of every cold start that writes an audit record.
 */
final class UtcMillis {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private UtcMillis() {
    }

    /** Years 0000 to 9999; the audit log's clock is never outside them. */
    static String format(long epochMillis) {
        long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        int ofDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
        // Proleptic Gregorian date from a day count (H. Hinnant, "chrono-compatible low-level date
        // algorithms", civil_from_days): eras of 400 years starting on March 1st.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthFromMarch = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
        int month = (int) (monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year " + year + " is outside 0000-9999");
        }
        StringBuilder s = new StringBuilder(24);
        pad(s, year, 4).append('-');
        pad(s, month, 2).append('-');
        pad(s, day, 2).append('T');
        pad(s, ofDay / 3_600_000, 2).append(':');
        pad(s, ofDay / 60_000 % 60, 2).append(':');
        pad(s, ofDay / 1000 % 60, 2).append('.');
        return pad(s, ofDay % 1000, 3).append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder s, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            s.append('0');
        }
        return s.append(digits);
    }
}
