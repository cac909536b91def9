package org.jfrtriage.rules.model;

import java.util.List;

/** A small table behind a finding (threads in a pileup, owners of a lock, classes allocated at a site). */
public record EvidenceTable(String title, List<String> columns, List<List<Object>> rows) {
    public EvidenceTable {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
    }
}
