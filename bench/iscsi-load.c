/*
 * iscsi-load: a bounded, single-connection iSCSI load generator on libiscsi's asynchronous API.
 *
 * Keeps QD READ(16)/WRITE(16) commands in flight against one LUN for a fixed time and prints one
 * parseable line:
 *   RESULT workload=randread bs=4096 qd=32 secs=10.000 ios=... iops=... mbps=... p50_us=... p99_us=...
 *          p999_us=... max_us=... errors=0 retries=0 client_cpu_s=...
 * (mbps is 10^6 bytes per second). Latency is measured from just before the task is queued to
 * libiscsi to the completion callback; a log-linear histogram (128 sub-buckets per power of two,
 * < 1 % error) gives the percentiles. Only commands completing inside the measured window count;
 * the first --ramp seconds warm caches and JITs up.
 *
 * Data goes straight between the socket and preallocated per-slot buffers (the *_iov_task
 * variants), so the client costs the same for every target.
 *
 * Bounded: after ramp+time it stops issuing, drains for at most 10 s, logs out; an alarm kills the
 * process 30 s after the planned end whatever happens.
 *
 * Build: gcc -O2 -o iscsi-load iscsi-load.c -liscsi
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

enum workload { RANDREAD, RANDWRITE, SEQREAD, SEQWRITE };
static const char *const workload_names[] = { "randread", "randwrite", "seqread", "seqwrite" };

#define SUB_BITS 7
#define SUB_COUNT (1 << SUB_BITS)
#define HIST_SIZE ((64 - SUB_BITS + 1) * SUB_COUNT)

static uint64_t histogram[HIST_SIZE];

/* Log-linear bucket: exact below 2^SUB_BITS ns, then SUB_COUNT buckets per power of two. */
static int bucket_of(uint64_t ns)
{
	if (ns < SUB_COUNT)
		return (int)ns;
	int msb = 63 - __builtin_clzll(ns);
	int shift = msb - SUB_BITS;
	return (shift + 1) * SUB_COUNT + (int)((ns >> shift) & (SUB_COUNT - 1));
}

/* Upper bound of a bucket, so that a percentile is never reported lower than it was. */
static uint64_t bucket_top(int b)
{
	if (b < SUB_COUNT)
		return (uint64_t)b;
	int shift = b / SUB_COUNT - 1;
	uint64_t sub = (uint64_t)(b % SUB_COUNT);
	return (((uint64_t)SUB_COUNT + sub + 1) << shift) - 1;
}

static uint64_t percentile(uint64_t count, double p)
{
	uint64_t want = (uint64_t)(p * (double)count + 0.5), seen = 0;
	if (want == 0)
		want = 1;
	for (int b = 0; b < HIST_SIZE; b++) {
		seen += histogram[b];
		if (seen >= want)
			return bucket_top(b);
	}
	return 0;
}

struct slot {
	struct scsi_iovec iov;
	uint64_t started_ns;
	uint64_t lba;
};

static struct {
	struct iscsi_context *iscsi;
	int lun;
	enum workload workload;
	uint32_t block_size;      /* LUN's logical block length */
	uint32_t bs;              /* bytes per command */
	uint64_t range_blocks;    /* commands address [0, range_blocks) */
	uint64_t next_seq_lba;
	uint64_t rng;
	int stopping;
	int in_flight;
	uint64_t window_start_ns, window_end_ns;
	uint64_t ios, bytes, max_ns;
	uint64_t errors, retries;
	int fatal;
} g;

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t next_random(void)
{
	/* splitmix64: cheap, well distributed, reproducible from --seed */
	uint64_t z = (g.rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t next_lba(void)
{
	uint64_t per_io = g.bs / g.block_size;
	uint64_t slots = g.range_blocks / per_io;
	if (g.workload == RANDREAD || g.workload == RANDWRITE)
		return (next_random() % slots) * per_io;
	uint64_t lba = g.next_seq_lba;
	g.next_seq_lba = lba + per_io >= slots * per_io ? 0 : lba + per_io;
	return lba;
}

static void completed(struct iscsi_context *iscsi, int status, void *command_data, void *private_data);

static int submit(struct slot *s)
{
	struct scsi_task *task;
	s->lba = next_lba();
	s->started_ns = now_ns();
	if (g.workload == RANDREAD || g.workload == SEQREAD)
		task = iscsi_read16_iov_task(g.iscsi, g.lun, s->lba, g.bs, g.block_size, 0, 0, 0, 0, 0,
					     completed, s, &s->iov, 1);
	else
		task = iscsi_write16_iov_task(g.iscsi, g.lun, s->lba, NULL, g.bs, g.block_size, 0, 0, 0, 0, 0,
					      completed, s, &s->iov, 1);
	if (task == NULL) {
		fprintf(stderr, "iscsi-load: cannot queue command: %s\n", iscsi_get_error(g.iscsi));
		g.fatal = 1;
		return -1;
	}
	g.in_flight++;
	return 0;
}

static void completed(struct iscsi_context *iscsi, int status, void *command_data, void *private_data)
{
	struct scsi_task *task = command_data;
	struct slot *s = private_data;
	uint64_t done = now_ns();
	(void)iscsi;
	g.in_flight--;
	if (status == SCSI_STATUS_CHECK_CONDITION && task != NULL
	    && task->sense.key == SCSI_SENSE_UNIT_ATTENTION && g.retries < 100) {
		g.retries++;
	} else if (status != SCSI_STATUS_GOOD) {
		if (g.errors++ < 5)
			fprintf(stderr, "iscsi-load: command at LBA %" PRIu64 " failed, status 0x%x: %s\n",
				s->lba, status, iscsi_get_error(g.iscsi));
		if (g.errors >= 10)
			g.fatal = 1;
	} else if (s->started_ns >= g.window_start_ns && done <= g.window_end_ns) {
		uint64_t ns = done - s->started_ns;
		histogram[bucket_of(ns)]++;
		if (ns > g.max_ns)
			g.max_ns = ns;
		g.ios++;
		g.bytes += g.bs;
	}
	if (task != NULL)
		scsi_free_scsi_task(task);
	if (!g.stopping && !g.fatal)
		submit(s);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: iscsi-load -u iscsi://HOST:PORT/IQN/LUN -w randread|randwrite|seqread|seqwrite\n"
		"                  [-b BLOCKSIZE=4096] [-q QD=1] [-t SECONDS=10] [-r RAMP_SECONDS=1]\n"
		"                  [-m RANGE_MIB (default: whole LUN)] [-s SEED] [-i INITIATOR_IQN]\n");
	exit(2);
}

static int service_once(int timeout_ms)
{
	struct pollfd pfd = { .fd = iscsi_get_fd(g.iscsi), .events = iscsi_which_events(g.iscsi) };
	if (pfd.events == 0) {
		usleep(100000);
		return iscsi_service(g.iscsi, 0);
	}
	int n = poll(&pfd, 1, timeout_ms);
	if (n < 0) {
		if (errno == EINTR)
			return 0;
		perror("poll");
		return -1;
	}
	return iscsi_service(g.iscsi, n == 0 ? 0 : pfd.revents);
}

int main(int argc, char **argv)
{
	const char *url_text = NULL, *workload_text = NULL;
	const char *initiator = "iqn.2026-11.io.jiet:bench-load";
	int qd = 1;
	double seconds = 10, ramp = 1;
	uint64_t range_mib = 0;
	int opt;

	g.bs = 4096;
	g.rng = 0x6a696574;  /* "jiet" */
	while ((opt = getopt(argc, argv, "u:w:b:q:t:r:m:s:i:h")) != -1) {
		switch (opt) {
		case 'u': url_text = optarg; break;
		case 'w': workload_text = optarg; break;
		case 'b': g.bs = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'q': qd = atoi(optarg); break;
		case 't': seconds = atof(optarg); break;
		case 'r': ramp = atof(optarg); break;
		case 'm': range_mib = strtoull(optarg, NULL, 0); break;
		case 's': g.rng = strtoull(optarg, NULL, 0); break;
		case 'i': initiator = optarg; break;
		default: usage();
		}
	}
	if (url_text == NULL || workload_text == NULL || qd < 1 || qd > 1024 || g.bs == 0
	    || !(seconds > 0 && seconds <= 3600) || !(ramp >= 0 && ramp <= 600))
		usage();
	g.workload = (enum workload)-1;
	for (int i = 0; i < 4; i++)
		if (strcmp(workload_text, workload_names[i]) == 0)
			g.workload = (enum workload)i;
	if ((int)g.workload < 0)
		usage();
	/* Whatever happens (a target that never answers), die 30 s after the planned end. */
	alarm((unsigned)(ramp + seconds) + 45);

	g.iscsi = iscsi_create_context(initiator);
	if (g.iscsi == NULL) {
		fprintf(stderr, "iscsi-load: cannot create context\n");
		return 1;
	}
	struct iscsi_url *url = iscsi_parse_full_url(g.iscsi, url_text);
	if (url == NULL) {
		fprintf(stderr, "iscsi-load: bad URL %s: %s\n", url_text, iscsi_get_error(g.iscsi));
		return 2;
	}
	g.lun = url->lun;
	iscsi_set_targetname(g.iscsi, url->target);
	iscsi_set_session_type(g.iscsi, ISCSI_SESSION_NORMAL);
	iscsi_set_header_digest(g.iscsi, ISCSI_HEADER_DIGEST_NONE);
	iscsi_set_timeout(g.iscsi, 15);
	if (iscsi_full_connect_sync(g.iscsi, url->portal, url->lun) != 0) {
		fprintf(stderr, "iscsi-load: login to %s failed: %s\n", url_text, iscsi_get_error(g.iscsi));
		return 1;
	}

	struct scsi_task *rc16 = NULL;
	for (int attempt = 0; attempt < 3 && rc16 == NULL; attempt++) {
		rc16 = iscsi_readcapacity16_sync(g.iscsi, g.lun);
		if (rc16 != NULL && rc16->status != SCSI_STATUS_GOOD) {
			scsi_free_scsi_task(rc16);
			rc16 = NULL;
		}
	}
	struct scsi_readcapacity16 *cap = rc16 ? scsi_datain_unmarshall(rc16) : NULL;
	if (cap == NULL) {
		fprintf(stderr, "iscsi-load: READ CAPACITY(16) failed: %s\n", iscsi_get_error(g.iscsi));
		return 1;
	}
	g.block_size = cap->block_length;
	g.range_blocks = cap->returned_lba + 1;
	scsi_free_scsi_task(rc16);
	if (range_mib > 0 && range_mib * 1048576 / g.block_size < g.range_blocks)
		g.range_blocks = range_mib * 1048576 / g.block_size;
	if (g.bs % g.block_size != 0 || g.range_blocks < g.bs / g.block_size) {
		fprintf(stderr, "iscsi-load: block size %u is not a multiple of the LUN's %u or exceeds the LUN\n",
			g.bs, g.block_size);
		return 2;
	}

	struct slot *slots = calloc((size_t)qd, sizeof *slots);
	for (int i = 0; i < qd; i++) {
		if (posix_memalign(&slots[i].iov.iov_base, 4096, g.bs) != 0) {
			fprintf(stderr, "iscsi-load: out of memory\n");
			return 1;
		}
		slots[i].iov.iov_len = g.bs;
		unsigned char *p = slots[i].iov.iov_base;
		for (uint32_t j = 0; j < g.bs; j++)
			p[j] = (unsigned char)(next_random() | 1);
	}

	uint64_t start = now_ns();
	g.window_start_ns = start + (uint64_t)(ramp * 1e9);
	g.window_end_ns = g.window_start_ns + (uint64_t)(seconds * 1e9);
	struct rusage ru0, ru1;
	getrusage(RUSAGE_SELF, &ru0);
	for (int i = 0; i < qd && !g.fatal; i++)
		submit(&slots[i]);
	while (!g.fatal) {
		if (service_once(100) < 0) {
			fprintf(stderr, "iscsi-load: connection failed: %s\n", iscsi_get_error(g.iscsi));
			g.fatal = 1;
			break;
		}
		if (now_ns() >= g.window_end_ns)
			break;
	}
	g.stopping = 1;
	uint64_t drain_until = now_ns() + 10000000000ull;
	while (!g.fatal && g.in_flight > 0 && now_ns() < drain_until)
		if (service_once(100) < 0)
			break;
	getrusage(RUSAGE_SELF, &ru1);
	if (g.in_flight > 0)
		fprintf(stderr, "iscsi-load: %d commands still outstanding after the drain\n", g.in_flight);
	else if (!g.fatal)
		iscsi_logout_sync(g.iscsi);
	iscsi_destroy_url(url);
	iscsi_destroy_context(g.iscsi);

	double cpu = (double)(ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec + ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec)
		+ (double)(ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec + ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e6;
	printf("RESULT workload=%s bs=%u qd=%d secs=%.3f ios=%" PRIu64 " iops=%.0f mbps=%.1f p50_us=%.1f p99_us=%.1f"
	       " p999_us=%.1f max_us=%.1f errors=%" PRIu64 " retries=%" PRIu64 " client_cpu_s=%.2f\n",
	       workload_names[g.workload], g.bs, qd, seconds, g.ios, (double)g.ios / seconds,
	       (double)g.bytes / seconds / 1e6, percentile(g.ios, 0.50) / 1e3, percentile(g.ios, 0.99) / 1e3,
	       percentile(g.ios, 0.999) / 1e3, g.max_ns / 1e3, g.errors, g.retries, cpu);
	fflush(stdout);
	for (int i = 0; i < qd; i++)
		free(slots[i].iov.iov_base);
	free(slots);
	return g.fatal || g.errors > 0 || g.in_flight > 0 ? 1 : 0;
}
