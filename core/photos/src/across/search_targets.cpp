#include "across/search_targets.h"

#include "quire/registry.h"

#include <algorithm>

namespace quire::detail {

Result<AlbumTargets> albumTargets(Registry &registry, const QList<QUuid> &uuids)
{
    Result<QList<CatalogEntry>> catalog = registry.catalog();
    if (!catalog)
        return catalog.error();
    AlbumTargets targets;
    if (uuids.isEmpty()) {
        for (const CatalogEntry &entry : *catalog)
            targets.albums.append({entry.uuid, entry.folder, entry.name});
        std::sort(targets.albums.begin(), targets.albums.end(),
                  [](const AlbumTarget &a, const AlbumTarget &b) { return a.uuid < b.uuid; });
        return targets;
    }
    for (const QUuid &uuid : uuids) {
        const auto entry = std::find_if(catalog->cbegin(), catalog->cend(),
                                        [&](const CatalogEntry &e) { return e.uuid == uuid; });
        if (entry == catalog->cend()) {
            targets.unknown.append(Error(ErrorCode::NotFound, uuid.toString(QUuid::WithoutBraces),
                                         QStringLiteral("No album with this UUID is known in the workspace; "
                                                        "open or scan its folder first.")));
            continue;
        }
        const bool repeated = std::any_of(targets.albums.cbegin(), targets.albums.cend(),
                                          [&](const AlbumTarget &t) { return t.uuid == uuid; });
        if (!repeated)
            targets.albums.append({entry->uuid, entry->folder, entry->name});
    }
    return targets;
}

Result<Album> openTarget(Registry &registry, const AlbumTarget &target)
{
    Album album = registry.find(target.uuid);
    if (album.isNull()) {
        Result<Album> opened = registry.open(target.folder);
        if (!opened) {
            const Error &e = opened.error();
            return e.album().isEmpty() ? e.withAlbum(target.folder) : e;
        }
        album = *opened;
    }
    if (album.uuid() != target.uuid)
        return Error(ErrorCode::NotFound, target.folder,
                     QStringLiteral("The folder now holds another album (%1); scan it to update the workspace.")
                         .arg(album.uuid().toString(QUuid::WithoutBraces)));
    return album;
}

} // namespace quire::detail
