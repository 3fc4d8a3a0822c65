// bench/SendFloor/fanout.c: what one delivery's send() costs the sender's CPU on this machine, with no broker at
// all. The sender holds N loopback TCP connections whose other ends sit in epoll_wait in a second process (as a
// load generator's or a browser's do) and, `rate` times a second, writes one 200-byte message to each of them:
// the same system calls a fan-out of one publisher to N subscribers must make, one per subscriber per message.
// The CPU of each send() is read with CLOCK_THREAD_CPUTIME_ID around the call (the reading's own cost, printed
// first, is subtracted); `spacing_us` > 0 spreads the N sends of a message apart by busy-waiting, so that each one
// finds its receiver asleep, as when a broker's writers run on different threads.
//
//   gcc -O2 -o /tmp/fanout bench/SendFloor/fanout.c && /tmp/fanout 100 200 5 0 && /tmp/fanout 100 200 5 50
//
// usage: fanout N rate seconds spacing_us   (docs/PERFORMANCE.md "Fan-out: straight to the socket")
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static double thread_cpu(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec / 1e9; }

int main(int argc, char **argv)
{
    if (argc != 5) { fprintf(stderr, "usage: fanout N rate seconds spacing_us\n"); return 2; }
    int n = atoi(argv[1]), rate = atoi(argv[2]), seconds = atoi(argv[3]), spacing = atoi(argv[4]);
    if (n < 1 || n > 4096 || rate < 1) { fprintf(stderr, "N must be 1..4096 and rate positive\n"); return 2; }

    double probe = 0;
    for (int i = 0; i < 100000; i++) { double a = thread_cpu(); probe += thread_cpu() - a; }
    probe /= 100000;

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t length = sizeof address;
    bind(listener, (struct sockaddr *)&address, sizeof address);
    listen(listener, 4096);
    getsockname(listener, (struct sockaddr *)&address, &length);

    pid_t receiver = fork();
    if (receiver == 0)
    {
        int epoll = epoll_create1(0);
        for (int i = 0; i < n; i++)
        {
            int s = socket(AF_INET, SOCK_STREAM, 0);
            connect(s, (struct sockaddr *)&address, sizeof address);
            struct epoll_event e = { .events = EPOLLIN, .data.fd = s };
            epoll_ctl(epoll, EPOLL_CTL_ADD, s, &e);
        }
        struct epoll_event events[256];
        static char buffer[65536];
        for (;;)
        {
            int k = epoll_wait(epoll, events, 256, -1);
            for (int i = 0; i < k; i++) if (read(events[i].data.fd, buffer, sizeof buffer) <= 0) _exit(0);
        }
    }

    int *sockets = calloc(n, sizeof *sockets);
    for (int i = 0; i < n; i++)
    {
        sockets[i] = accept(listener, 0, 0);
        int one = 1;
        setsockopt(sockets[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); // as Kestrel sets it
    }

    char message[200];
    memset(message, 'x', sizeof message);
    long sends = 0;
    double in_send = 0, start = now(), next = start;
    while (now() - start < seconds)
    {
        for (int i = 0; i < n; i++)
        {
            double a = thread_cpu();
            send(sockets[i], message, sizeof message, 0);
            in_send += thread_cpu() - a - probe;
            sends++;
            if (spacing) { double until = now() + spacing / 1e6; while (now() < until) { } }
        }
        next += 1.0 / rate;
        double wait = next - now();
        if (wait > 0) { struct timespec t = { (time_t)wait, (long)((wait - (time_t)wait) * 1e9) }; nanosleep(&t, 0); }
    }

    printf("N=%d rate=%d/s spacing=%d us: %ld sends, CPU per send() %.2f us (clock reading %.2f us subtracted)\n",
           n, rate, spacing, sends, in_send / sends * 1e6, probe * 1e6);
    kill(receiver, SIGKILL);
    waitpid(receiver, 0, 0);
    return 0;
}
