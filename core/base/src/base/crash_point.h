#pragma once
// A test hook for crash tests: detail::crashPoint() marks a step boundary
// of a crash-safe operation (between file operations and commits). When the
// environment variable QUIRE_CRASH_AT holds N > 0, the N-th boundary reached
// in this process kills it with SIGKILL, as a power cut would; a test then
// runs recovery and checks the outcome. Read once per process; otherwise a
// call costs one relaxed atomic load.

#include "quire/export.h"

namespace quire::detail {

void crashPoint(const char *name);

// Boundaries reached so far in this process (for tests and benchmarks).
int crashPointsReached();

// A test hook for I/O fault tests, the same way: Quire's own file copies
// (folder copies and moves, import --from) call fileCopyFault() before
// writing each file. When the environment variable QUIRE_FAIL_FILE_COPY_AT
// holds "N:ENOSPC" or "N:EIO" (read once per process), the N-th call
// returns that errno and the copy fails as if the disk had; otherwise 0.
// Tests in the same process set it with setFileCopyFault() instead.
int fileCopyFault();
// Arms the hook: the n-th file copy from now fails with err (n <= 0: never).
QUIRE_CORE_EXPORT void setFileCopyFault(int n, int err);
// File copies that asked so far (since the last setFileCopyFault).
QUIRE_CORE_EXPORT int fileCopiesAttempted();

} // namespace quire::detail
