// Valgrind's callgrind client requests as plain functions Swift can call. Outside
// valgrind each is a few no-op instructions, so benchmarks call them unconditionally.
#ifndef FLEET_CALLGRIND_H
#define FLEET_CALLGRIND_H

/// Non-zero when the process runs under valgrind.
int fleet_running_on_valgrind(void);
/// Zeroes callgrind's counters, of every thread: what follows is the measured region.
void fleet_callgrind_zero(void);
/// Writes callgrind's counters since the last zero to a dump named `reason`.
void fleet_callgrind_dump(const char *reason);

#endif
