/**
 * Runtime administration of jietd: {@code jietadm} (ietadm's command set), the control socket it talks over,
 * configuration reload (SIGHUP) and save.
 *
 * <h2>Control channel</h2>
 * A Unix domain socket, {@code /run/jiet/jietd.sock} unless {@code jietd --control PATH} says otherwise; never a
 * network port. jietd creates a missing directory with mode 0700 and the socket with mode 0600, so only its user
 * (and root) may connect. A socket file nobody answers on is a leftover and is replaced; one a live daemon answers
 * on is left alone (with an explicit {@code --control} jietd then refuses to start; with the default path it runs
 * without a control channel and logs why).
 *
 * <h2>Protocol (JIETADM/1)</h2>
 * One request per connection, UTF-8 text:
 * <pre>
 * request  = "JIETADM/1" LF *( key "=" value LF ) LF
 * key      = "op" / "tid" / "lun" / "sid" / "cid" / "user" / "params" / "redirect" / "force" / "json"
 *            / "volumes" / "sessions"            ; each at most once, any order
 * value    = *( any character but LF, CR, NUL )  ; flags carry "yes"
 * response = ( "OK" / "ERROR " status ) LF text  ; text runs to the end of the stream
 * </pre>
 * {@code op} is {@code new}, {@code delete}, {@code update}, {@code show} or {@code save}; {@code tid}, {@code lun}
 * and {@code cid} are decimal; {@code sid} is IET's 64-bit session id in decimal ({@link
 * io.jiet.server.admin.SessionId}). The status is jietadm's exit status: 1 the daemon refused or failed the
 * operation (in use, not found, invalid value), 2 a malformed or meaningless request; the text is then the reason.
 * After an {@code OK} the text is what jietadm prints. The daemon closes the connection after the response; a
 * request larger than 64 KiB, or not complete within 60 s, is dropped.
 *
 * <h2>Semantics</h2>
 * As ietadm's (see {@link io.jiet.server.admin.AdminCommands}); removing a target or LUN whose target has
 * sessions is refused unless {@code --force}. Every change is logged with its origin ({@code jietadm:} or
 * {@code reload:}). {@code --op show --volumes} and {@code --sessions} print IET's {@code /proc/net/iet/volume}
 * and {@code /proc/net/iet/session} byte for byte ({@link io.jiet.server.admin.ProcNetIetFormat}).
 *
 * <h2>Save</h2>
 * {@code --op save} edits the configuration file in place so it describes what runs: changed statements are
 * replaced where they stand, comments and lines jietadm does not manage (Portal, iSNS, multipath) stay, removed
 * targets lose their block, new targets are appended. A missing or empty file is written afresh with a header.
 * The result must parse back to exactly the running targets, LUNs, parameters and accounts, else nothing is
 * written; the file is replaced atomically (temporary file, fsync, rename, directory fsync). Target ids follow
 * file order at the next start, as in IET.
 */
package io.jiet.server.admin;
