#include "index/kept_index.h"

#include "quire/album_registry.h"

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

} // namespace quire::detail
