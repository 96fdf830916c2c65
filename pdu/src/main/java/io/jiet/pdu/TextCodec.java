package io.jiet.pdu;

import io.jiet.pdu.MalformedTextException.Violation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Text data segments of Login and Text PDUs, RFC 7143 §6.1: UTF-8 {@code key=value} pairs, each followed by one NUL.
 *
 * <p>Rules enforced both ways:
 * <ul>
 * <li>A key is 1–63 bytes of letters, digits, {@code . - + @ _}, beginning with a capital letter (standard-label);
 * public extension keys such as {@code X#NodeArchitecture} (RFC 7143, from RFC 4850) may have {@code #} after
 * the X.</li>
 * <li>Each simple value of a value (the comma-separated items of a list) is at most 255 bytes, counted as RFC 7143
 * counts it: "not its encoded representation", so a hex or base64 constant counts its binary length.</li>
 * <li>CHAP_C and CHAP_R are large binary values whose binary length MUST NOT exceed 1024 bytes (§12.1.3).</li>
 * <li>Values are valid UTF-8 without NUL (iSCSI-local-name-values such as TargetAlias may be any UTF-8).</li>
 * </ul>
 * Whether a key is known and its value acceptable is the negotiation's business, not the codec's.
 */
public final class TextCodec {

    public static final int MAX_KEY_LENGTH = 63;
    public static final int MAX_SIMPLE_VALUE_LENGTH = 255;
    public static final int MAX_CHAP_BINARY_LENGTH = 1024;
    private static final Set<String> LARGE_BINARY_KEYS = Set.of("CHAP_C", "CHAP_R");

    private TextCodec() {
    }

    /**
     * Parses a logical text data segment (all PDUs of a C-bit sequence, see {@link TextSegmentAssembler}). Reads the
     * readable bytes without moving the reader index. Empty pairs (consecutive NULs) are skipped: they carry nothing,
     * so tolerating them costs no correctness.
     *
     * @throws MalformedTextException when the text breaks §6.1
     */
    public static List<TextParameter> decode(ByteBuf segment) {
        List<TextParameter> parameters = new ArrayList<>();
        int end = segment.writerIndex();
        for (int at = segment.readerIndex(); at < end; ) {
            int nul = segment.indexOf(at, end, (byte) 0);
            if (nul < 0) {
                throw new MalformedTextException(Violation.SYNTAX, "the last key=value pair is not NUL-terminated");
            }
            if (nul > at) {
                parameters.add(decodePair(segment, at, nul));
            }
            at = nul + 1;
        }
        return parameters;
    }

    /**
     * Appends each pair as {@code key=value} and a NUL.
     *
     * @throws MalformedTextException when a pair breaks §6.1; nothing is written then
     */
    public static void encode(List<TextParameter> parameters, ByteBuf out) {
        for (TextParameter parameter : parameters) {
            checkKey(parameter.key());
            checkEncodable(parameter.value());
            checkValueLength(parameter.key(), parameter.value());
        }
        for (TextParameter parameter : parameters) {
            out.writeCharSequence(parameter.key(), StandardCharsets.US_ASCII);
            out.writeByte('=');
            ByteBufUtil.writeUtf8(out, parameter.value());
            out.writeByte(0);
        }
    }

    /**
     * Cuts an encoded text segment into pieces of at most {@code maxChunk} bytes, for a response spread over several
     * PDUs with the C bit (§6.1: pairs may span PDU boundaries). Each piece is a retained slice the caller releases
     * (typically as a PDU's data); an empty segment gives one empty piece. {@code segment}'s indexes do not move.
     */
    public static List<ByteBuf> split(ByteBuf segment, int maxChunk) {
        if (maxChunk < 1) {
            throw new IllegalArgumentException("maxChunk " + maxChunk + " < 1");
        }
        int start = segment.readerIndex();
        int end = segment.writerIndex();
        if (start == end) {
            return List.of(segment.retainedSlice(start, 0));
        }
        List<ByteBuf> chunks = new ArrayList<>((end - start + maxChunk - 1) / maxChunk);
        for (int at = start; at < end; at += maxChunk) {
            chunks.add(segment.retainedSlice(at, Math.min(maxChunk, end - at)));
        }
        return chunks;
    }

    private static TextParameter decodePair(ByteBuf segment, int from, int to) {
        int equals = segment.indexOf(from, to, (byte) '=');
        if (equals < 0) {
            throw new MalformedTextException(Violation.SYNTAX, "no '=' in a key=value pair");
        }
        // ISO-8859-1 maps each byte to one char, so any non-ASCII byte fails the key check below.
        String key = segment.toString(from, equals - from, StandardCharsets.ISO_8859_1);
        checkKey(key);
        String value;
        try {
            value = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(segment.nioBuffer(equals + 1, to - equals - 1))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedTextException(Violation.ENCODING, "value of " + key + " is not valid UTF-8");
        }
        checkValueLength(key, value);
        return new TextParameter(key, value);
    }

    private static void checkKey(String key) {
        int length = key.length();
        if (length == 0 || length > MAX_KEY_LENGTH) {
            throw new MalformedTextException(Violation.KEY, "key length " + length + " is outside 1..63");
        }
        char first = key.charAt(0);
        if (first < 'A' || first > 'Z') {
            throw new MalformedTextException(Violation.KEY, "key " + printable(key) + " does not begin with A-Z");
        }
        for (int i = 1; i < length; i++) {
            char c = key.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '-' || c == '+' || c == '@' || c == '_' || c == '#' && i == 1 && first == 'X';
            if (!allowed) {
                throw new MalformedTextException(Violation.KEY, "key " + printable(key) + " has a character "
                        + "outside letters, digits and . - + @ _");
            }
        }
    }

    private static void checkEncodable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                throw new MalformedTextException(Violation.SYNTAX, "a value cannot contain NUL");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new MalformedTextException(Violation.ENCODING, "a value has an unpaired surrogate");
            }
        }
    }

    private static void checkValueLength(String key, String value) {
        if (LARGE_BINARY_KEYS.contains(key)) {
            if (binaryLength(value) > MAX_CHAP_BINARY_LENGTH) {
                throw new MalformedTextException(Violation.VALUE_LENGTH, key + " exceeds 1024 bytes");
            }
            return;
        }
        int from = 0;
        while (true) {
            int comma = value.indexOf(',', from);
            String item = comma < 0 ? value.substring(from) : value.substring(from, comma);
            if (binaryLength(item) > MAX_SIMPLE_VALUE_LENGTH) {
                throw new MalformedTextException(Violation.VALUE_LENGTH, "a value of " + key + " exceeds 255 bytes");
            }
            if (comma < 0) {
                return;
            }
            from = comma + 1;
        }
    }

    /** Length of a simple value as §6.1 counts it: the binary length of hex (0x) and base64 (0b) constants. */
    private static int binaryLength(String item) {
        int length = ByteBufUtil.utf8Bytes(item);
        if (length > 2 && item.charAt(0) == '0') {
            char base = item.charAt(1);
            if (base == 'x' || base == 'X') {
                return (length - 1) / 2;
            }
            if (base == 'b' || base == 'B') {
                return (length - 2) * 3 / 4;
            }
        }
        return length;
    }

    private static String printable(String key) {
        return key.length() > MAX_KEY_LENGTH ? key.substring(0, MAX_KEY_LENGTH) + "…" : key;
    }
}
