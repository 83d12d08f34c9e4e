#pragma once
// Duplicates: pictures with the same content (equal size and SHA-1 of the
// whole file, recorded at import), within one album and across albums.

#include "quire/error.h"
#include "quire/export.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUuid>

namespace quire {

class Registry;

struct DuplicateGroup {
    QByteArray contentHash;
    qint64 fileSize = 0;
    struct Member {
        QUuid album;
        QString albumName;
        QString albumFolder;
        QUuid picture;
        QString path; // relative to the album folder
    };
    QList<Member> members; // two or more, ordered by album name then path
};

// Groups of duplicates among the present pictures of these albums (empty:
// every album the registry knows that can be opened), largest files
// first. Albums that cannot be opened are skipped and listed in
// unreadable when it is given.
QUIRE_CORE_EXPORT Result<QList<DuplicateGroup>> findDuplicates(Registry &registry, const QList<QUuid> &albums = {},
                                                               QList<Error> *unreadable = nullptr);

} // namespace quire
