// findDuplicates: each album's hashed, present pictures read through one
// read session, grouped in memory by (content hash, size).

#include "quire/duplicates.h"

#include "across/search_targets.h"

#include "quire/registry.h"
#include "quire/session.h"
#include "quire/statement.h"

#include <QHash>

#include <algorithm>

namespace quire {

Result<QList<DuplicateGroup>> findDuplicates(Registry &registry, const QList<QUuid> &albums, QList<Error> *unreadable)
{
    Result<detail::AlbumTargets> targets = detail::albumTargets(registry, albums);
    if (!targets)
        return targets.error();
    if (unreadable)
        unreadable->append(targets->unknown);

    // The hash already covers the whole file; the size is part of the key
    // only so that groups can be ordered by it without another lookup.
    QHash<QByteArray, DuplicateGroup> byContent;
    for (const detail::AlbumTarget &target : std::as_const(targets->albums)) {
        Result<Album> album = detail::openTarget(registry, target);
        Result<Session> session = album ? album->read() : Result<Session>(album.error());
        if (!session) {
            if (unreadable)
                unreadable->append(session.error());
            continue;
        }
        Result<Statement> select = session->connection().cached(
            "SELECT content_hash, file_size, uuid, path FROM pictures "
            "WHERE content_hash IS NOT NULL AND state = 0");
        if (!select)
            return select.error();
        const QString name = album->name();
        const Result<void> read = select->each([&](const Statement &s) {
            DuplicateGroup &group = byContent[s.blob(0)];
            group.fileSize = s.int64(1);
            group.members.append({album->uuid(), name, album->folder(), QUuid::fromString(s.text(2)), s.text(3)});
        });
        if (!read) {
            if (unreadable)
                unreadable->append(read.error());
        }
    }

    QList<DuplicateGroup> groups;
    for (auto it = byContent.begin(); it != byContent.end(); ++it) {
        if (it->members.size() < 2)
            continue;
        it->contentHash = it.key();
        std::sort(it->members.begin(), it->members.end(), [](const auto &a, const auto &b) {
            return std::tie(a.albumName, a.path) < std::tie(b.albumName, b.path);
        });
        groups.append(std::move(*it));
    }
    std::sort(groups.begin(), groups.end(), [](const DuplicateGroup &a, const DuplicateGroup &b) {
        if (a.fileSize != b.fileSize)
            return a.fileSize > b.fileSize;
        return a.members.first().path < b.members.first().path;
    });
    return groups;
}

} // namespace quire
