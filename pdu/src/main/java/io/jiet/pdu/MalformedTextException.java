package io.jiet.pdu;

/**
 * A text data segment (RFC 7143 §6.1) that breaks the key=value rules. Unchecked: it is an
 * {@link IllegalArgumentException} both when received text is bad and when a caller asks to encode bad text.
 */
public final class MalformedTextException extends IllegalArgumentException {

    /** Which rule was broken. */
    public enum Violation {
        /** Not a sequence of NUL-terminated {@code key=value} pairs, or a NUL inside a value to encode. */
        SYNTAX,
        /** Key empty, longer than 63 bytes, or with characters a key may not have. */
        KEY,
        /** Value longer than its key allows (RFC 7143 §6.1, §12.1.3). */
        VALUE_LENGTH,
        /** Value not valid UTF-8 (or, to encode, not valid UTF-16). */
        ENCODING,
        /** The logical text data segment exceeds the receiver's bound. */
        SEGMENT_LENGTH
    }

    private final Violation violation;

    public MalformedTextException(Violation violation, String message) {
        super(message);
        this.violation = violation;
    }

    public Violation violation() {
        return violation;
    }
}
