/* Preloaded into programs run under valgrind by compose/benchmark.
 *
 * A Swift program with an async main parks its main thread in libdispatch's
 * dispatch_main(), which calls sigsuspend() with a mask in read-only memory. Valgrind
 * 3.19 (Debian 12) edits that mask in place and dies with an internal SIGSEGV; the same
 * call on a writable copy of the mask does what the program asked. */
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, 8);
}
