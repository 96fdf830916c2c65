package io.jiet.alua.rdac;

import io.jiet.alua.AluaState;

/**
 * What VPD 0xC9 tells a host about one volume through one controller: whether that controller owns it, the array's
 * mode (I/O shipping, i.e. ALUA-like, or plain RDAC), whether the path is the preferred or the secondary one, and the
 * asymmetric access states of this and the alternate controller.
 */
public record VolumeAccess(boolean ownedByThisController, boolean ioShipping, boolean preferredPath,
                           AluaState thisController, AluaState alternateController) {
}
