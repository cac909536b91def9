package org.jfrtriage.rules.model;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jfrtriage.analyzer.table.Frame;

/** A frame as reports show it: binary class name, method, line (-1 unknown). */
public record SiteRef(String className, String method, int line) {

    /**
     * Names the compiler or a framework generates differently in each build: lambda bodies
     * ({@code lambda$quote$12}), hidden lambda classes ({@code $$Lambda$57/0x0000000800c02a00}), proxies,
     * reflection accessors and CGLIB subclasses. Identities replace their varying parts with {@code *}.
     */
    private static final List<Map.Entry<Pattern, String>> GENERATED = List.of(
            Map.entry(Pattern.compile("\\$\\$Lambda(\\$\\d+)?([+/]0x[0-9a-fA-F]+)?(\\.\\d+)?"), "\\$\\$Lambda*"),
            Map.entry(Pattern.compile("lambda\\$(.*)\\$\\d+"), "lambda\\$$1\\$*"),
            Map.entry(Pattern.compile("\\$Proxy\\d+"), "\\$Proxy*"),
            Map.entry(Pattern.compile("GeneratedMethodAccessor\\d+"), "GeneratedMethodAccessor*"),
            Map.entry(Pattern.compile("\\$\\$(EnhancerBySpringCGLIB|SpringCGLIB|FastClassBySpringCGLIB)\\$\\$[0-9a-fA-F]+"), "\\$\\$$1\\$\\$*"));

    public static final SiteRef UNKNOWN = new SiteRef("", "(unknown)", -1);

    public static SiteRef of(Frame frame) {
        return new SiteRef(frame.className(), frame.methodName(), frame.line());
    }

    /** {@code com.acme.PriceBook.quote}: the site's identity, stable across line shifts. */
    public String qualifiedMethod() {
        return className.isEmpty() ? method : className + "." + method;
    }

    /** {@link #qualifiedMethod()} with generated name parts replaced by {@code *}: the same site in every build. */
    public String stableMethod() {
        String name = qualifiedMethod();
        for (var rule : GENERATED) {
            name = rule.getKey().matcher(name).replaceAll(rule.getValue());
        }
        return name;
    }

    /** {@code PriceBook.quote}: for titles. */
    public String shortName() {
        int dot = className.lastIndexOf('.');
        String simple = dot < 0 ? className : className.substring(dot + 1);
        return simple.isEmpty() ? method : simple + "." + method;
    }

    /**
     * Written out rather than left to the record: the record's {@code equals} is bound on its first call through
     * {@code ObjectMethods}' bootstrap, which spins ~50 method-handle classes no class-data archive keeps (~14 ms
     * of a cold text report, where incident blocks first compare sites). {@code hashCode} stays the record's, so
     * every hash order stays as it was.
     */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof SiteRef s && line == s.line && java.util.Objects.equals(className, s.className)
                && java.util.Objects.equals(method, s.method);
    }

    @Override
    public String toString() {
        return qualifiedMethod() + (line >= 0 ? ":" + line : "");
    }
}
