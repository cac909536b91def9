package org.jfrtriage.rules.model;

import org.jfrtriage.analyzer.event.Frame;

/** A frame as reports show it: binary class name, method, line (-1 unknown). */
public record SiteRef(String className, String method, int line) {

    public static final SiteRef UNKNOWN = new SiteRef("", "(unknown)", -1);

    public static SiteRef of(Frame frame) {
        return new SiteRef(frame.className(), frame.methodName(), frame.line());
    }

    /** {@code com.acme.PriceBook.quote}: the site's identity, stable across line shifts. */
    public String qualifiedMethod() {
        return className.isEmpty() ? method : className + "." + method;
    }

    /** {@code PriceBook.quote}: for titles. */
    public String shortName() {
        int dot = className.lastIndexOf('.');
        String simple = dot < 0 ? className : className.substring(dot + 1);
        return simple.isEmpty() ? method : simple + "." + method;
    }

    @Override
    public String toString() {
        return qualifiedMethod() + (line >= 0 ? ":" + line : "");
    }
}
