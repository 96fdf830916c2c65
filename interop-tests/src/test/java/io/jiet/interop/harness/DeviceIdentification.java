package io.jiet.interop.harness;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The designators {@code iscsi-inq -e 1 -c 131} prints for VPD page 0x83 (SPC-4 §7.8.6). How a binary designator
 * is printed depends on the libiscsi release: 1.19 prints it with {@code %s}, so output stops at the first NUL
 * (IET's T10 designator prints as {@code [IET]}); 1.20 and later print every byte in hex ({@code [ 49 45 54 00 ...]}).
 */
public record DeviceIdentification(List<Designator> designators) {

    /** SPC-4 table 459 code set 1, table 460 association 0, table 461 designator type 1. */
    public static final int CODE_SET_BINARY = 1;
    public static final int ASSOCIATION_LOGICAL_UNIT = 0;
    public static final int TYPE_T10_VENDOR_ID = 1;
    public static final int TYPE_EUI_64 = 2;
    public static final int TYPE_NAA = 3;

    private static final Pattern NUMBERED = Pattern.compile("^(Code Set|Association|Designator Type):\\((\\d+)\\).*$");
    private static final Pattern HEX_BYTES = Pattern.compile("(?: [0-9a-fA-F]{2})+");

    public DeviceIdentification {
        designators = List.copyOf(designators);
    }

    /** One designator; {@code printed} is the text between the brackets of its {@code Designator:[...]} line. */
    public record Designator(int codeSet, int association, int type, String printed) {

        /** The designator's bytes when this libiscsi prints binary designators in hex. */
        public Optional<byte[]> hexBytes() {
            if (codeSet != CODE_SET_BINARY || printed.isEmpty() || !HEX_BYTES.matcher(printed).matches()) {
                return Optional.empty();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (String pair : printed.strip().split(" ")) {
                bytes.write(HexFormat.fromHexDigits(pair));
            }
            return Optional.of(bytes.toByteArray());
        }
    }

    public static DeviceIdentification parse(String stdout) {
        List<Designator> designators = new ArrayList<>();
        int codeSet = -1;
        int association = -1;
        int type = -1;
        for (String line : stdout.lines().toList()) {
            Matcher m = NUMBERED.matcher(line);
            if (line.startsWith("DEVICE DESIGNATOR #")) {
                codeSet = association = type = -1;
            } else if (m.matches()) {
                int value = Integer.parseInt(m.group(2));
                switch (m.group(1)) {
                    case "Code Set" -> codeSet = value;
                    case "Association" -> association = value;
                    default -> type = value;
                }
            } else if (line.startsWith("Designator:[") && line.endsWith("]")) {
                designators.add(new Designator(codeSet, association, type,
                        line.substring("Designator:[".length(), line.length() - 1)));
            }
        }
        return new DeviceIdentification(designators);
    }

    public List<Designator> ofType(int designatorType) {
        return designators.stream().filter(d -> d.type() == designatorType).toList();
    }

    /** Designators of {@code designatorType} that identify the logical unit (association 0). */
    public List<Designator> ofLogicalUnit(int designatorType) {
        return ofType(designatorType).stream().filter(d -> d.association() == ASSOCIATION_LOGICAL_UNIT).toList();
    }
}
