package org.jfrtriage.analyzer.event;

/**
 * A throwable created, from {@code jdk.JavaExceptionThrow} (every throwable; off by default before JDK 25, whose
 * profile throttles it to 300/s) or {@code jdk.JavaErrorThrow} (errors only, on by default). JFR records it in the
 * constructor, so the stack's innermost frames are {@code <init>}s and the code that threw comes below them.
 *
 * @param throwableClass the thrown class's binary name ({@code java.util.ConcurrentModificationException})
 * @param message the detail message, or empty
 * @param errorEvent true for {@code jdk.JavaErrorThrow}: with both events enabled an error is recorded by both
 */
public record ThrowableEvent(long timeNanos, int thread, String throwableClass, String message, int stack,
                             boolean errorEvent) {
}
