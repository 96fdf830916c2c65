package io.jiet.server.admin;

import java.io.IOException;

/**
 * A configured LUN that cannot be opened: its backing file is missing or unreadable, its BlockSize does not suit the
 * device, the file system refuses O_DIRECT... The message starts with {@code FILE:LINE:} of the Lun line, so the
 * daemon reports it like any other configuration mistake (exit status 2), not as a startup failure.
 */
public final class LunOpenFailure extends IOException {

    LunOpenFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
