/**
 * IET's ietd.conf: the configuration model the target server runs from, and {@link io.jiet.conf.IetdConfigParser},
 * which reads the file format of the iSCSI Enterprise Target (1.4.20.x, {@code usr/plain.c}, {@code usr/param.c}
 * and the kernel's volume and iotype parsing) so that an unchanged ietd.conf keeps working.
 *
 * <p>Operational keys and their ranges follow IET's tables and RFC 7143 §13 (login/text keys); LUN parameters
 * follow IET's volume code; the {@code Portal} keyword and a few LUN keys are jiet extensions. Every mistake is a
 * {@link io.jiet.conf.ConfigException} reading {@code FILE:LINE: problem}; things IET accepted but jiet ignores or
 * replaces are {@link io.jiet.conf.ConfigWarning}s.
 *
 * <p>This package knows nothing of sockets, sessions or SCSI; it depends on the JDK only.
 */
package io.jiet.conf;
