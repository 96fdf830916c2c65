package io.jiet.server.admin;

import java.util.List;

/**
 * jietadm's {@code --json} forms of the volume and session views: the same fields as the proc text, named as
 * there. The sid is a decimal string (it does not fit a JSON number's exact range), with isid and tsih beside it.
 */
final class JsonFormat {
    private JsonFormat() {
    }

    static String volumes(List<TargetStatus> targets) {
        JsonText json = new JsonText().beginObject().beginArray("targets");
        for (TargetStatus t : targets) {
            json.beginObject().field("tid", t.tid()).field("name", t.name()).beginArray("luns");
            for (TargetStatus.Volume v : t.volumes()) {
                json.beginObject().field("lun", v.lun()).field("state", v.state()).field("iotype", v.ioType())
                        .field("iomode", v.ioMode()).field("blocks", v.blocks()).field("blocksize", v.blockSize())
                        .field("path", v.path().orElse(null)).endObject();
            }
            json.endArray().endObject();
        }
        return json.endArray().endObject() + "\n";
    }

    static String sessions(List<TargetStatus> targets) {
        JsonText json = new JsonText().beginObject().beginArray("targets");
        for (TargetStatus t : targets) {
            json.beginObject().field("tid", t.tid()).field("name", t.name()).beginArray("sessions");
            for (TargetStatus.SessionStatus s : t.sessions()) {
                json.beginObject().field("sid", SessionId.text(s.sid()))
                        .field("tsih", (s.sid() >>> 48) & 0xFFFF)
                        .field("isid", isidHex(s.sid()))
                        .field("initiator", s.initiator()).beginArray("connections");
                for (TargetStatus.ConnectionStatus c : s.connections()) {
                    json.beginObject().field("cid", c.cid()).field("ip", ProcNetIetFormat.address(c.ip()))
                            .field("state", c.state()).field("hd", c.headerDigest()).field("dd", c.dataDigest())
                            .endObject();
                }
                json.endArray().endObject();
            }
            json.endArray().endObject();
        }
        return json.endArray().endObject() + "\n";
    }

    /** The ISID back in wire order, {@code 0x} and 12 hex digits, as SPC-4 port names write it. */
    static String isidHex(long sid) {
        long isid = Long.reverseBytes(sid & 0x0000_FFFF_FFFF_FFFFL) >>> 16;
        return String.format("0x%012x", isid);
    }

    /** Lines of text as a JSON object {@code {"NAME":[...]}}. */
    static String lines(String name, List<String> lines) {
        JsonText json = new JsonText().beginObject().beginArray(name);
        lines.forEach(json::element);
        return json.endArray().endObject() + "\n";
    }
}
