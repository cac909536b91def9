package org.jfrtriage.analyzer.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Interns threads into dense int ids; {@link #NONE} stands for "no thread" (e.g. an unknown lock owner). */
public final class ThreadTable {

    public static final int NONE = -1;

    private final List<String> names = new ArrayList<>();
    private final Map<Long, Integer> byJavaId = new HashMap<>();
    private final Map<String, Integer> byName = new HashMap<>();

    /**
     * The id of a thread. Threads are identified by their Java thread id when known (&gt; 0), otherwise by name
     * (native threads in async-profiler recordings have no Java id).
     */
    public int threadId(long javaThreadId, String name) {
        String shownName = name == null || name.isEmpty() ? "thread-" + javaThreadId : name;
        if (javaThreadId > 0) {
            Integer id = byJavaId.get(javaThreadId);
            if (id != null) {
                return id;
            }
            int newId = register(shownName);
            byJavaId.put(javaThreadId, newId);
            return newId;
        }
        Integer id = byName.get(shownName);
        if (id != null) {
            return id;
        }
        int newId = register(shownName);
        byName.put(shownName, newId);
        return newId;
    }

    private int register(String name) {
        names.add(name);
        return names.size() - 1;
    }

    public String name(int threadId) {
        return threadId == NONE ? "" : names.get(threadId);
    }

    public int size() {
        return names.size();
    }
}
