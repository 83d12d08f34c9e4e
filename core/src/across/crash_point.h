#pragma once
// A test hook for crash tests: detail::crashPoint() marks a step boundary
// of a crash-safe operation (between file operations and commits). When the
// environment variable QUIRE_CRASH_AT holds N > 0, the N-th boundary reached
// in this process kills it with SIGKILL, as a power cut would; a test then
// runs recovery and checks the outcome. Read once per process; otherwise a
// call costs one relaxed atomic load.

namespace quire::detail {

void crashPoint(const char *name);

// Boundaries reached so far in this process (for tests and benchmarks).
int crashPointsReached();

} // namespace quire::detail
