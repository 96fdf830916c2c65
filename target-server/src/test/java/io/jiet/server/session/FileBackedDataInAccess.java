package io.jiet.server.session;

import io.jiet.backstore.FileSpan;
import io.jiet.pdu.DataIn;
import java.util.ArrayList;
import java.util.List;

/** Builds a command's file-backed Data-In PDUs for tests outside the session package, as ScsiCommandFlow does. */
public final class FileBackedDataInAccess {

    private FileBackedDataInAccess() {
    }

    public static List<FileBackedDataIn> split(FileSpan span, int[] lengths, DataIn[] headers) {
        FileBackedDataIn.SharedSpan shared = new FileBackedDataIn.SharedSpan(span, lengths.length);
        List<FileBackedDataIn> pdus = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < lengths.length; i++) {
            pdus.add(new FileBackedDataIn(headers[i], shared, offset, lengths[i]));
            offset += lengths[i];
        }
        return pdus;
    }
}
