package org.jfrtriage.analyzer.event;

/** Class names as people read them: JVM array descriptors ({@code [B}, {@code [Ljava.util.HashMap$Node;}) become {@code byte[]}, {@code java.util.HashMap$Node[]}. */
public final class ClassNames {
    private ClassNames() {
    }

    public static String readable(String name) {
        if (name == null || name.isEmpty() || name.charAt(0) != '[') {
            return name == null ? "" : name;
        }
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        String element;
        char kind = dims < name.length() ? name.charAt(dims) : '?';
        switch (kind) {
            case 'Z': element = "boolean"; break;
            case 'B': element = "byte"; break;
            case 'C': element = "char"; break;
            case 'S': element = "short"; break;
            case 'I': element = "int"; break;
            case 'J': element = "long"; break;
            case 'F': element = "float"; break;
            case 'D': element = "double"; break;
            case 'L':
                element = name.substring(dims + 1, name.endsWith(";") ? name.length() - 1 : name.length()).replace('/', '.');
                break;
            default:
                return name;
        }
        return element + "[]".repeat(dims);
    }
}
