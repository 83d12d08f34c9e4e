#include "index/kept_index.h"

#include "quire/album_registry.h"

#include <QScopeGuard>

namespace quire::detail {

std::shared_ptr<KeptIndex> keptIndexOf(Registry &registry)
{
    // An AlbumRegistry keeps one for its searches. A plain Registry of
    // albums has nowhere to keep it: each search gets an index of its own,
    // opened anew (correct, only slower).
    if (auto *albums = qobject_cast<AlbumRegistry *>(&registry))
        return albums->m_keptIndex;
    return std::make_shared<KeptIndex>();
}

QString KeptIndex::newRebuildReason()
{
    if (!index || index->rebuildCount() == rebuildsReported)
        return {};
    rebuildsReported = index->rebuildCount();
    return index->rebuiltBecause();
}

} // namespace quire::detail

namespace quire {

Result<IndexRefresh> refreshSearchIndex(Registry &registry, const WorkspaceIndex::Progress &progress,
                                        const std::atomic_bool *cancelled, QString *rebuiltBecause)
{
    std::shared_ptr<detail::KeptIndex> kept = detail::keptIndexOf(registry);
    QMutexLocker lock(&kept->mutex);
    kept->refreshing = true;
    const auto done = qScopeGuard([&] { kept->refreshing = false; });
    QString reasons;
    Result<IndexRefresh> refreshed = IndexRefresh{};
    // Opened thoroughly the first time: this runs before people search, so
    // it may read the whole file. Damage found on the way makes it again.
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!kept->index || attempt > 0) {
            kept->index = std::make_unique<WorkspaceIndex>(registry);
            kept->rebuildsReported = 0;
            if (Result<void> opened = kept->index->open(WorkspaceIndex::Check::Thorough); !opened) {
                refreshed = opened.error();
                break;
            }
            reasons = kept->newRebuildReason();
        }
        refreshed = kept->index->refresh(progress, cancelled);
        if (const QString again = kept->newRebuildReason(); !again.isEmpty())
            reasons = again;
        if (refreshed || (refreshed.error().code() != ErrorCode::Damaged
                          && refreshed.error().code() != ErrorCode::NotSqlite))
            break;
    }
    if (!refreshed)
        kept->index.reset(); // the next search or refresh opens it again
    if (rebuiltBecause)
        *rebuiltBecause = reasons;
    return refreshed;
}

} // namespace quire::detail
