package org.jfrtriage.report;

import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * A flame graph node's fields written through a generator, byte for byte as its own {@code writeStringField} and
 * {@code writeNumberField(double)} write them, for less: a page of a 500 MB recording writes ~260 k nodes, and their
 * strings (a frame's name and kind, a few thousand distinct ones at most) went through the generator's escaping and
 * their values through {@code Double.toString} each time. Here each distinct string is escaped once, by a generator
 * with the same escapes, and copied after that; a whole value (most are counts) is written from its digits.
 */
final class TreeFields {

    static final SerializableString NAME = new SerializedString("n");
    static final SerializableString VALUE = new SerializedString("v");
    static final SerializableString KIND = new SerializedString("k");
    static final SerializableString CHILDREN = new SerializedString("c");

    /** Distinct strings kept escaped, at most: a tree's names are its frames', and past this each is escaped anew. */
    static final int MAX_KEPT = 1 << 16;
    /** Below this a whole {@code double} is written by {@code Double.toString} as its digits and ".0". */
    private static final long PLAIN_WHOLE_LIMIT = 10_000_000L;

    private final JsonGenerator json;
    private final Map<String, String> quoted = new HashMap<>();
    private final StringWriter scratchText = new StringWriter();
    private final JsonGenerator scratch;
    private final char[] digits = new char[24];

    /** Fields written to {@code json}, strings escaped as it escapes them. */
    TreeFields(JsonGenerator json) throws IOException {
        this.json = json;
        scratch = new JsonFactory().createGenerator(scratchText);
        scratch.setRootValueSeparator(null);
        scratch.setCharacterEscapes(json.getCharacterEscapes());
        scratch.setHighestNonEscapedChar(json.getHighestEscapedChar());
        scratch.configure(JsonGenerator.Feature.ESCAPE_NON_ASCII, json.isEnabled(JsonGenerator.Feature.ESCAPE_NON_ASCII));
    }

    /** As {@code json.writeStringField(field, value)}. */
    void string(SerializableString field, String value) throws IOException {
        json.writeFieldName(field);
        String text = quoted.get(value);
        if (text == null) {
            scratchText.getBuffer().setLength(0);
            scratch.writeString(value);
            scratch.flush();
            text = scratchText.toString();
            if (quoted.size() < MAX_KEPT) {
                quoted.put(value, text);
            }
        }
        json.writeRawValue(text);
    }

    /** As {@code json.writeNumberField(field, hundredths / 100.0)}. */
    void hundredths(SerializableString field, long hundredths) throws IOException {
        json.writeFieldName(field);
        hundredths(hundredths);
    }

    /** As {@code json.writeNumber(hundredths / 100.0)}: an array's element. */
    void hundredths(long hundredths) throws IOException {
        if (hundredths % 100 == 0 && hundredths >= 0 && hundredths < PLAIN_WHOLE_LIMIT * 100) {
            json.writeRawValue(digits, 0, wholeDigits(hundredths / 100));
        } else {
            json.writeNumber(hundredths / 100.0);
        }
    }

    /** {@code Double.toString(whole)} for a whole number below {@link #PLAIN_WHOLE_LIMIT}: its digits and ".0". */
    private int wholeDigits(long whole) {
        int length = 1;
        for (long rest = whole / 10; rest > 0; rest /= 10) {
            length++;
        }
        long rest = whole;
        for (int i = length - 1; i >= 0; i--) {
            digits[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        digits[length] = '.';
        digits[length + 1] = '0';
        return length + 2;
    }
}
