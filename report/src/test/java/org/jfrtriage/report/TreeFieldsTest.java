package org.jfrtriage.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@link TreeFields} writes what the generator's own {@code writeStringField} and {@code writeNumberField(double)}
 * write, byte for byte, through a plain generator (the web's view.json) and a page's script-safe one, for strings
 * written once, again (from its cache) and past the cache's limit, and for values whole and not, on both sides of
 * where {@code Double.toString} turns to exponents.
 */
class TreeFieldsTest {

    private static final String[] STRINGS = {
        "", "app", "jdk", "native", "java.util.HashMap.putVal", "a\"quote", "back\\slash", "<script>", "</script>",
        "a&b", "tab\there", "new\nline", "\u0001control", "caf\u00e9", "\u2028line\u2029para", "\ud83d\ude00 emoji",
        "x>y", "lambda$run$0", "Foo$$Lambda$112/0x0000000800c0b2a8.run",
    };

    @Test
    void stringsAreWrittenAsTheGeneratorWritesThem() throws IOException {
        List<String> strings = new ArrayList<>(List.of(STRINGS));
        strings.addAll(List.of(STRINGS)); // again: from the cache
        for (boolean scriptSafe : new boolean[] {false, true}) {
            assertThat(written(scriptSafe, strings, new long[0], true))
                    .isEqualTo(written(scriptSafe, strings, new long[0], false));
        }
    }

    @Test
    void stringsPastTheCacheLimitAreWrittenTheSame() throws IOException {
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < TreeFields.MAX_KEPT + 100; i++) {
            strings.add("frame<" + i + ">");
        }
        strings.add("frame<" + (TreeFields.MAX_KEPT + 50) + ">"); // not kept: escaped anew
        strings.add("frame<7>"); // kept
        assertThat(written(true, strings, new long[0], true)).isEqualTo(written(true, strings, new long[0], false));
    }

    @Test
    void valuesAreWrittenAsDoubleToStringWritesThem() throws IOException {
        List<Long> values = new ArrayList<>(List.of(0L, 1L, 5L, 10L, 99L, 100L, 101L, 150L, 1_000L, 123_400L,
                999_999_900L, 999_999_999L, 1_000_000_000L, 1_000_000_100L, 1_234_567_800L, 123_456_789_000L,
                -100L, -1L, -250L, Long.MAX_VALUE / 1000, Long.MIN_VALUE / 1000));
        Random random = new Random(16);
        for (int i = 0; i < 2_000; i++) {
            long v = random.nextInt(4) == 0 ? random.nextLong() >> random.nextInt(64) : (long) random.nextInt(1 << 20);
            values.add(random.nextBoolean() ? v / 100 * 100 : v);
        }
        long[] hundredths = values.stream().mapToLong(Long::longValue).toArray();
        for (boolean scriptSafe : new boolean[] {false, true}) {
            assertThat(written(scriptSafe, List.of(), hundredths, true))
                    .isEqualTo(written(scriptSafe, List.of(), hundredths, false));
        }
        assertThat(written(false, List.of(), new long[] {1_200, 999_999_900L, 1_000_000_000L}, true))
                .isEqualTo("{\"v\":12.0,\"v\":9999999.0,\"v\":1.0E7}");
    }

    /** Each string as a "n" field and each value as a "v" field of one object, through TreeFields or the generator. */
    private static String written(boolean scriptSafe, List<String> strings, long[] hundredths, boolean fast)
            throws IOException {
        StringWriter out = new StringWriter();
        JsonGenerator json = scriptSafe ? HtmlReport.scriptSafeGenerator(out) : HtmlReport.generator(out);
        TreeFields fields = new TreeFields(json);
        json.writeStartObject();
        for (String s : strings) {
            if (fast) {
                fields.string(TreeFields.NAME, s);
            } else {
                json.writeStringField("n", s);
            }
        }
        for (long h : hundredths) {
            if (fast) {
                fields.hundredths(TreeFields.VALUE, h);
            } else {
                json.writeNumberField("v", h / 100.0);
            }
        }
        json.writeEndObject();
        json.close();
        return out.toString();
    }

    @Test
    void aGeneratorsOwnEscapingIsFollowed() throws IOException {
        StringWriter out = new StringWriter();
        JsonGenerator json = new JsonFactory().createGenerator(out);
        json.enable(JsonGenerator.Feature.ESCAPE_NON_ASCII);
        TreeFields fields = new TreeFields(json);
        json.writeStartObject();
        fields.string(TreeFields.NAME, "caf\u00e9");
        json.writeEndObject();
        json.close();
        assertThat(out.toString()).isEqualTo("{\"n\":\"caf\\u00E9\"}");
    }
}
