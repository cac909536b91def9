package org.jfrtriage.rules.model;

import java.util.List;

/** A small table behind a finding (threads in a pileup, owners of a lock, classes allocated at a site). */
public record EvidenceTable(String title, List<String> columns, List<List<Object>> rows) {
    public EvidenceTable {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
    }

    /**
     * Written out rather than left to the record (as {@link SiteRef#equals}): the record's {@code equals} is bound
     * on its first call through {@code ObjectMethods}' bootstrap, method-handle classes no class-data archive keeps.
     * {@code hashCode} stays the record's.
     */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof EvidenceTable t && java.util.Objects.equals(title, t.title)
                && columns.equals(t.columns) && rows.equals(t.rows);
    }
}
