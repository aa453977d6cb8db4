/*
 * RTP sink for bench/media-load.ts: one UDP socket on 127.0.0.1 that every consumer
 * PlainTransport sends to. It counts packets and bytes, and loss per SSRC from the RTP
 * sequence numbers (in clear in SRTP), with recvmmsg to keep its own cost per packet low.
 * Every 250 ms it prints one cumulative line:
 *   <rtp packets> <rtp bytes> <rtcp packets> <expected rtp packets> <cpu ms>
 * Usage: rtp-sink <port-file>   (binds port 0 and writes the port to <port-file>)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define SLOTS 8192

struct stream { uint32_t ssrc; int used; uint32_t base; uint32_t highest; uint16_t last; };
static struct stream streams[SLOTS];

static struct stream *lookup(uint32_t ssrc) {
  uint32_t i = (ssrc * 2654435761u) % SLOTS;
  for (int n = 0; n < SLOTS; n++, i = (i + 1) % SLOTS) {
    if (!streams[i].used) { streams[i].used = 1; streams[i].ssrc = ssrc; return &streams[i]; }
    if (streams[i].ssrc == ssrc) return &streams[i];
  }
  return NULL;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  int size = 32 << 20;
  /* Root may exceed rmem_max for this one socket; otherwise take what is allowed. */
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = 0 };
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) { perror("bind"); return 1; }
  socklen_t len = sizeof addr;
  getsockname(fd, (struct sockaddr *)&addr, &len);
  FILE *pf = fopen(argv[1], "w");
  fprintf(pf, "%d\n", ntohs(addr.sin_port));
  fclose(pf);
  struct timeval tv = { .tv_sec = 0, .tv_usec = 50000 };
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

  static char bufs[BATCH][1600];
  struct iovec iov[BATCH];
  struct mmsghdr msgs[BATCH];
  for (int i = 0; i < BATCH; i++) {
    iov[i].iov_base = bufs[i];
    iov[i].iov_len = sizeof bufs[i];
    memset(&msgs[i], 0, sizeof msgs[i]);
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  unsigned long long pkts = 0, bytes = 0, rtcp = 0;
  double next = now_ms() + 250;
  for (;;) {
    int n = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL);
    for (int i = 0; i < n; i++) {
      const unsigned char *p = (const unsigned char *)bufs[i];
      unsigned int l = msgs[i].msg_len;
      if (l < 12) continue;
      if (p[1] >= 192 && p[1] <= 223) { rtcp++; continue; }
      pkts++;
      bytes += l;
      uint16_t seq = (uint16_t)((p[2] << 8) | p[3]);
      uint32_t ssrc = ((uint32_t)p[8] << 24) | ((uint32_t)p[9] << 16) | ((uint32_t)p[10] << 8) | p[11];
      struct stream *s = lookup(ssrc);
      if (!s) continue;
      if (s->used == 1) { s->used = 2; s->base = seq; s->highest = seq; s->last = seq; continue; }
      int16_t delta = (int16_t)(seq - s->last);
      if (delta > 0) { s->highest += (uint32_t)delta; s->last = seq; }
    }
    double t = now_ms();
    if (t >= next) {
      next = t + 250;
      unsigned long long expected = 0;
      for (int i = 0; i < SLOTS; i++) if (streams[i].used == 2) expected += streams[i].highest - streams[i].base + 1;
      struct rusage ru;
      getrusage(RUSAGE_SELF, &ru);
      double cpu = ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 + ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
      printf("%llu %llu %llu %llu %.1f\n", pkts, bytes, rtcp, expected, cpu);
      fflush(stdout);
    }
  }
}
