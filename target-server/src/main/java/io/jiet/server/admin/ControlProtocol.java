package io.jiet.server.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The control channel's wire format (see package-info): a request is a version line, {@code key=value} lines and
 * an empty line; a response is a status line and the text to print, up to the end of the stream. UTF-8
 * throughout. Stateless.
 */
final class ControlProtocol {
    static final String VERSION = "JIETADM/1";
    /** No legitimate request comes near this; a longer one is refused before it is buffered. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;

    private static final Set<String> KEYS = Set.of("op", "tid", "lun", "sid", "cid", "user", "params", "redirect",
            "force", "json", "volumes", "sessions", "tpg");

    private ControlProtocol() {
    }

    static byte[] encode(AdminRequest r) {
        StringBuilder s = new StringBuilder(VERSION).append('\n');
        field(s, "op", r.op().word());
        r.tid().ifPresent(v -> field(s, "tid", Integer.toString(v)));
        r.lun().ifPresent(v -> field(s, "lun", Integer.toString(v)));
        r.sid().ifPresent(v -> field(s, "sid", SessionId.text(v)));
        r.cid().ifPresent(v -> field(s, "cid", Integer.toString(v)));
        r.tpg().ifPresent(v -> field(s, "tpg", Integer.toString(v)));
        flag(s, "user", r.user());
        r.params().ifPresent(v -> field(s, "params", v));
        r.redirect().ifPresent(v -> field(s, "redirect", v));
        flag(s, "force", r.force());
        flag(s, "json", r.json());
        flag(s, "volumes", r.volumes());
        flag(s, "sessions", r.sessions());
        return s.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder s, String key, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("--" + key + " cannot contain line breaks or NUL");
        }
        s.append(key).append('=').append(value).append('\n');
    }

    private static void flag(StringBuilder s, String key, boolean set) {
        if (set) {
            field(s, key, "yes");
        }
    }

    /** Reads one request; throws {@link MalformedRequest} with a message for jietadm's user. */
    static AdminRequest decode(InputStream in) throws IOException, MalformedRequest {
        String text = readRequest(in);
        String[] lines = text.split("\n", -1);
        if (!lines[0].equals(VERSION)) {
            throw new MalformedRequest("not a " + VERSION + " request (jietadm and jietd versions differ?)");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                break;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            if (eq < 0 || !KEYS.contains(key)) {
                throw new MalformedRequest("unknown request field " + key);
            }
            if (fields.put(key, line.substring(eq + 1)) != null) {
                throw new MalformedRequest("request field " + key + " given twice");
            }
        }
        String opWord = fields.get("op");
        if (opWord == null) {
            throw new MalformedRequest("no operation; give --op new|delete|update|show|save");
        }
        AdminRequest r = AdminRequest.of(AdminRequest.Operation.forWord(opWord).orElseThrow(
                () -> new MalformedRequest("unknown operation " + opWord + "; use new, delete, update, show or save")));
        try {
            if (fields.containsKey("tid")) {
                r = r.withTid(number("tid", fields.get("tid")));
            }
            if (fields.containsKey("lun")) {
                r = r.withLun(number("lun", fields.get("lun")));
            }
            if (fields.containsKey("sid")) {
                r = r.withSid(SessionId.parse(fields.get("sid")));
            }
            if (fields.containsKey("cid")) {
                r = r.withCid(number("cid", fields.get("cid")));
            }
            if (fields.containsKey("tpg")) {
                r = r.withTpg(number("tpg", fields.get("tpg")));
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedRequest(e.getMessage());
        }
        if (fields.containsKey("user")) {
            r = r.withUser();
        }
        if (fields.containsKey("params")) {
            r = r.withParams(fields.get("params"));
        }
        if (fields.containsKey("redirect")) {
            r = r.withRedirect(fields.get("redirect"));
        }
        if (fields.containsKey("force")) {
            r = r.withForce();
        }
        if (fields.containsKey("json")) {
            r = r.withJson();
        }
        if (fields.containsKey("volumes")) {
            r = r.withVolumes();
        }
        if (fields.containsKey("sessions")) {
            r = r.withSessions();
        }
        return r;
    }

    /** ietadm read ids with strtoul(.., 10); negative or non-decimal values are refused here. */
    static int number(String key, String text) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("--" + key + " needs a decimal number, not " + text);
        }
        long value = Long.parseLong(text);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + key + " " + text + " is too large");
        }
        return (int) value;
    }

    private static String readRequest(InputStream in) throws IOException, MalformedRequest {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new MalformedRequest("request ended early");
            }
            buffer.write(b);
            if (buffer.size() > MAX_REQUEST_BYTES) {
                throw new MalformedRequest("request longer than " + MAX_REQUEST_BYTES + " bytes");
            }
            if (b == '\n' && previous == '\n') {
                return buffer.toString(StandardCharsets.UTF_8);
            }
            previous = b;
        }
    }

    static byte[] encode(AdminResponse response) {
        String status = response.status() == AdminResponse.OK ? "OK" : "ERROR " + response.status();
        return (status + "\n" + response.text()).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a whole response (the daemon closes the stream after it). */
    static AdminResponse decodeResponse(InputStream in) throws IOException, MalformedRequest {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        int eol = text.indexOf('\n');
        if (eol < 0) {
            throw new MalformedRequest("jietd closed the connection without an answer");
        }
        String status = text.substring(0, eol);
        String body = text.substring(eol + 1);
        if (status.equals("OK")) {
            return AdminResponse.ok(body);
        }
        if (status.startsWith("ERROR ")) {
            try {
                return new AdminResponse(Integer.parseInt(status.substring(6)), body);
            } catch (NumberFormatException e) {
                throw new MalformedRequest("unreadable answer status " + status);
            }
        }
        throw new MalformedRequest("unreadable answer status " + status);
    }

    /** A request or response that does not follow the format. */
    static final class MalformedRequest extends Exception {
        MalformedRequest(String message) {
            super(message, null, false, false);
        }
    }
}
