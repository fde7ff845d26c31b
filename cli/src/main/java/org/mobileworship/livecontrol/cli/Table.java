package org.mobileworship.livecontrol.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Columns aligned on the visible width of each cell (styles are applied after measuring, so escape codes
 * never shift a column). The last column is not padded, so lines carry no trailing blanks.
 */
final class Table {
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();
    private final List<String[]> styled = new ArrayList<>();

    Table(String... header) {
        this.header = header;
    }

    /** Adds a row of plain cells. */
    Table row(String... cells) {
        return styledRow(cells, cells);
    }

    /** Adds a row measured by {@code plain} and printed as {@code shown} (the same text with styles). */
    Table styledRow(String[] plain, String[] shown) {
        if (plain.length != header.length || shown.length != header.length) {
            throw new IllegalArgumentException("a row needs " + header.length + " cells, got " + plain.length);
        }
        rows.add(plain);
        styled.add(shown);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The lines: a dimmed header (when {@code showHeader}) and the rows, each prefixed with {@code indent}. */
    List<String> render(String indent, boolean showHeader, Style style) {
        int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            width[c] = showHeader ? header[c].length() : 0;
            for (String[] r : rows) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        List<String> out = new ArrayList<>();
        if (showHeader) {
            out.add(indent + style.dim(line(header, header, width)));
        }
        for (int i = 0; i < rows.size(); i++) {
            out.add(indent + line(rows.get(i), styled.get(i), width));
        }
        return out;
    }

    private static String line(String[] plain, String[] shown, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < plain.length; c++) {
            sb.append(shown[c]);
            if (c < plain.length - 1) {
                sb.append(" ".repeat(width[c] - plain[c].length() + 2));
            }
        }
        return sb.toString().stripTrailing();
    }

    /** A cell styled by {@code how} when the value is not a placeholder. */
    static String[] styleEach(String[] plain, BiFunction<Integer, String, String> how) {
        String[] shown = new String[plain.length];
        for (int i = 0; i < plain.length; i++) {
            shown[i] = how.apply(i, plain[i]);
        }
        return shown;
    }
}
