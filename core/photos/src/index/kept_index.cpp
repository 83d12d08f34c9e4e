#include "index/kept_index.h"

#include "quire/registry.h"

#include <QHash>

namespace quire::detail {

namespace {

// Owned on behalf of each registry, not global state a user can see: an
// entry lives as long as its registry.
QMutex keptMutex;
QHash<const Registry *, std::shared_ptr<KeptIndex>> kept;

} // namespace

std::shared_ptr<KeptIndex> keptIndexOf(Registry &registry)
{
    QMutexLocker lock(&keptMutex);
    std::shared_ptr<KeptIndex> &entry = kept[&registry];
    if (!entry) {
        entry = std::make_shared<KeptIndex>();
        // Called on the thread that destroys the registry, after which no
        // search of it runs.
        QObject::connect(&registry, &QObject::destroyed, [key = &registry] {
            QMutexLocker lock(&keptMutex);
            kept.remove(key);
        });
    }
    return entry;
}

} // namespace quire::detail
