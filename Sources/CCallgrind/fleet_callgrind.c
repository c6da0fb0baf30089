#include "fleet_callgrind.h"

// Debian's valgrind package ships the header; without it the requests compile to nothing.
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#include <valgrind/valgrind.h>
int fleet_running_on_valgrind(void) { return RUNNING_ON_VALGRIND; }
void fleet_callgrind_zero(void) { CALLGRIND_ZERO_STATS; }
void fleet_callgrind_dump(const char *reason) { CALLGRIND_DUMP_STATS_AT(reason); }
#else
int fleet_running_on_valgrind(void) { return 0; }
void fleet_callgrind_zero(void) {}
void fleet_callgrind_dump(const char *reason) { (void)reason; }
#endif
