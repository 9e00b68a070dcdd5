package dev.nucleus.linux.toml;

/**
 * TOML's bare values other than booleans: integers (decimal with an optional sign, or {@code 0x},
 * {@code 0o}, {@code 0b}; an underscore only between digits), floats (a fraction or an exponent,
 * {@code inf}, {@code nan}), and dates and times (RFC 3339, the date and time apart by {@code T},
 * {@code t} or a space), kept as written.
 */
final class TomlScalars {
    private TomlScalars() {
    }

    /** The value {@code token} writes; {@code end} places errors (the token ends there). */
    static Object numberOrDate(String token, int end) throws TomlReader.Malformed {
        int start = end - token.length();
        if (isDate(token) || isTime(token) || isDateTime(token)) {
            return token;
        }
        switch (token) {
            case "inf", "+inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan", "+nan", "-nan" -> {
                return Double.NaN;
            }
            default -> {
            }
        }
        if (token.length() > 2 && token.charAt(0) == '0' && "xob".indexOf(token.charAt(1)) >= 0) {
            int radix = token.charAt(1) == 'x' ? 16 : token.charAt(1) == 'o' ? 8 : 2;
            String digits = digits(token.substring(2), radix, start);
            try {
                return Long.parseLong(digits, radix);
            } catch (NumberFormatException e) {
                throw new TomlReader.Malformed("an integer out of range", start);
            }
        }
        int k = token.charAt(0) == '+' || token.charAt(0) == '-' ? 1 : 0;
        int intEnd = k;
        while (intEnd < token.length() && (isDigit(token.charAt(intEnd)) || token.charAt(intEnd) == '_')) {
            intEnd++;
        }
        String intPart = digits(token.substring(k, intEnd), 10, start);
        if (intPart.length() > 1 && intPart.charAt(0) == '0') {
            throw new TomlReader.Malformed("a number with a leading zero", start);
        }
        if (intEnd == token.length()) {
            try {
                return Long.parseLong(token.substring(0, k) + intPart);
            } catch (NumberFormatException e) {
                throw new TomlReader.Malformed("an integer out of range", start);
            }
        }
        StringBuilder number = new StringBuilder(token.substring(0, k)).append(intPart);
        int p = intEnd;
        if (token.charAt(p) == '.') {
            int fractionEnd = p + 1;
            while (fractionEnd < token.length() && (isDigit(token.charAt(fractionEnd)) || token.charAt(fractionEnd) == '_')) {
                fractionEnd++;
            }
            number.append('.').append(digits(token.substring(p + 1, fractionEnd), 10, start));
            p = fractionEnd;
        }
        if (p < token.length() && (token.charAt(p) == 'e' || token.charAt(p) == 'E')) {
            number.append('e');
            p++;
            if (p < token.length() && (token.charAt(p) == '+' || token.charAt(p) == '-')) {
                number.append(token.charAt(p++));
            }
            number.append(digits(token.substring(p), 10, start));
            p = token.length();
        }
        if (p != token.length()) {
            throw new TomlReader.Malformed("not a value: a number, a date, true or false, or a quoted string", start);
        }
        return Double.parseDouble(number.toString());
    }

    /** {@code text}'s digits without underscores, which may stand only between two digits. */
    private static String digits(String text, int radix, int start) throws TomlReader.Malformed {
        if (text.isEmpty()) {
            throw new TomlReader.Malformed("not a value: a number, a date, true or false, or a quoted string", start);
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                if (i == 0 || i == text.length() - 1 || text.charAt(i + 1) == '_') {
                    throw new TomlReader.Malformed("an underscore not between two digits", start);
                }
            } else if (Character.digit(c, radix) < 0) {
                throw new TomlReader.Malformed("not a value: a number, a date, true or false, or a quoted string", start);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code YYYY-MM-DD}, a real day. */
    static boolean isDate(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-' || !allDigits(s, 0, 4)
                || !allDigits(s, 5, 7) || !allDigits(s, 8, 10)) {
            return false;
        }
        int year = Integer.parseInt(s, 0, 4, 10);
        int month = Integer.parseInt(s, 5, 7, 10);
        int day = Integer.parseInt(s, 8, 10, 10);
        if (month < 1 || month > 12 || day < 1) {
            return false;
        }
        boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        int[] days = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        return day <= days[month - 1];
    }

    /** {@code HH:MM:SS} with an optional fraction. */
    static boolean isTime(String s) {
        if (s.length() < 8 || s.charAt(2) != ':' || s.charAt(5) != ':' || !allDigits(s, 0, 2) || !allDigits(s, 3, 5)
                || !allDigits(s, 6, 8)) {
            return false;
        }
        if (Integer.parseInt(s, 0, 2, 10) > 23 || Integer.parseInt(s, 3, 5, 10) > 59
                || Integer.parseInt(s, 6, 8, 10) > 60) {
            return false;
        }
        return s.length() == 8 || (s.charAt(8) == '.' && s.length() > 9 && allDigits(s, 9, s.length()));
    }

    /** A date, {@code T} (or {@code t}, or a space), a time, then {@code Z}, {@code z} or {@code ±HH:MM} or nothing. */
    private static boolean isDateTime(String s) {
        if (s.length() < 19 || !isDate(s.substring(0, 10)) || "Tt ".indexOf(s.charAt(10)) < 0) {
            return false;
        }
        String rest = s.substring(11);
        if (rest.endsWith("Z") || rest.endsWith("z")) {
            return isTime(rest.substring(0, rest.length() - 1));
        }
        int sign = Math.max(rest.lastIndexOf('+'), rest.lastIndexOf('-'));
        if (sign < 0) {
            return isTime(rest);
        }
        String offset = rest.substring(sign + 1);
        return isTime(rest.substring(0, sign)) && offset.length() == 5 && offset.charAt(2) == ':'
                && allDigits(offset, 0, 2) && allDigits(offset, 3, 5) && Integer.parseInt(offset, 0, 2, 10) <= 23
                && Integer.parseInt(offset, 3, 5, 10) <= 59;
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
