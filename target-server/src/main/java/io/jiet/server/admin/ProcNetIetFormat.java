package io.jiet.server.admin;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * The text of IET's {@code /proc/net/iet/volume} and {@code /proc/net/iet/session}, byte for byte, so monitoring
 * scripts written against IET keep parsing jietadm's output (IET 1.4.20 kernel/volume.c, session.c, conn.c):
 * <pre>
 * tid:1 name:iqn.2001-04.com.example:storage.disk1
 * 	lun:0 state:0 iotype:fileio iomode:wt blocks:2097152 blocksize:512 path:/dev/vg0/disk1
 * tid:1 name:iqn.2001-04.com.example:storage.disk1
 * 	sid:281474997486080 initiator:iqn.1993-08.org.debian:01:abc
 * 		cid:0 ip:127.0.0.1 state:active hd:none dd:crc32c
 * </pre>
 * IPv6 addresses are bracketed with all eight groups in full, as the kernel's {@code [%pI6]} printed them.
 */
final class ProcNetIetFormat {
    private ProcNetIetFormat() {
    }

    static String volumes(List<TargetStatus> targets) {
        StringBuilder out = new StringBuilder();
        for (TargetStatus t : targets) {
            header(out, t);
            for (TargetStatus.Volume v : t.volumes()) {
                out.append("\tlun:").append(v.lun()).append(" state:").append(Integer.toHexString(v.state()))
                        .append(" iotype:").append(v.ioType()).append(" iomode:").append(v.ioMode())
                        .append(" blocks:").append(v.blocks()).append(" blocksize:").append(v.blockSize());
                v.path().ifPresent(p -> out.append(" path:").append(p));
                out.append('\n');
            }
        }
        return out.toString();
    }

    static String sessions(List<TargetStatus> targets) {
        StringBuilder out = new StringBuilder();
        for (TargetStatus t : targets) {
            header(out, t);
            for (TargetStatus.SessionStatus s : t.sessions()) {
                out.append("\tsid:").append(SessionId.text(s.sid())).append(" initiator:").append(s.initiator())
                        .append('\n');
                for (TargetStatus.ConnectionStatus c : s.connections()) {
                    out.append("\t\tcid:").append(c.cid()).append(" ip:").append(address(c.ip()))
                            .append(" state:").append(c.state()).append(" hd:").append(c.headerDigest())
                            .append(" dd:").append(c.dataDigest()).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static void header(StringBuilder out, TargetStatus t) {
        out.append("tid:").append(t.tid()).append(" name:").append(t.name()).append('\n');
    }

    static String address(InetAddress ip) {
        if (ip instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < 16; i += 2) {
                if (i > 0) {
                    s.append(':');
                }
                s.append(String.format("%04x", ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF)));
            }
            return s.append(']').toString();
        }
        return ip == null ? "" : ip.getHostAddress();
    }
}
