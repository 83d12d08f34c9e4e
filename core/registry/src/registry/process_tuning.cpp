#include "quire/process_tuning.h"

#include "quire/registry.h"

#include <sqlite3.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace quire {

namespace {

constexpr int HeapTrimThreshold = 1024 * 1024;

} // namespace

ProcessTuning tuneProcess()
{
    ProcessTuning tuning;
    tuning.fileDescriptorLimit = Registry::raiseFileDescriptorLimit();
    // Only allowed before sqlite3_initialize(); SQLITE_MISUSE after.
    tuning.sqliteMemoryCountingOff = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
#ifdef __GLIBC__
    if (mallopt(M_TRIM_THRESHOLD, HeapTrimThreshold) == 1)
        tuning.heapTrimThreshold = HeapTrimThreshold;
#endif
    return tuning;
}

} // namespace quire
