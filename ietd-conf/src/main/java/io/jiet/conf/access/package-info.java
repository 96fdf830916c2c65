/**
 * IET's access files {@code initiators.allow}, {@code targets.allow} and the deprecated {@code initiators.deny}
 * ({@link io.jiet.conf.access.AccessRules}), with IET 1.4.20's semantics (usr/plain.c): first line for the target
 * or ALL wins, no file allows, a file without such a line denies, initiator names are anchored POSIX basic regular
 * expressions, addresses are IPv4, IPv6 or networks. Depends on the JDK only.
 */
package io.jiet.conf.access;
