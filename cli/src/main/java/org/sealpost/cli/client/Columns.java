package org.sealpost.cli.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: each column as wide as its widest cell, two spaces apart, the last one unpadded. */
final class Columns {
    private final List<String[]> rows = new ArrayList<>();

    /** Adds a row; every row has the header's number of cells. */
    Columns row(String... cells) {
        rows.add(cells.clone());
        return this;
    }

    void print(PrintWriter out) {
        if (rows.isEmpty()) {
            return;
        }
        int[] width = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
