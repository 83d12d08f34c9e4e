#pragma once
// The workspace index a registry's searches share, kept open between them:
// a warm search then costs a stat() of the index file and a PRAGMA on an
// open connection with a warm page cache, not an open and a cold read.

#include "quire/workspace_index.h"

#include <QMutex>

#include <atomic>
#include <memory>

namespace quire::detail {

struct KeptIndex {
    QMutex mutex;                          // one search (or refresh) at a time asks it
    std::unique_ptr<WorkspaceIndex> index; // null until the first search
    int rebuildsReported = 0;              // index->rebuildCount() last told the user
    // refreshSearchIndex() holds the mutex, maybe for a whole first build:
    // a search then searches the albums rather than wait for it.
    std::atomic_bool refreshing = false;

    // The rebuild reason once per rebuild, else empty. Under the mutex.
    QString newRebuildReason();
};

// The registry's kept index: an AlbumRegistry's own (empty until its first
// search, destroyed with it); a new one for any other Registry. Thread
// safety: callable from any thread; lock the KeptIndex's mutex to use it.
std::shared_ptr<KeptIndex> keptIndexOf(Registry &registry);

} // namespace quire::detail
