#pragma once
// One album's part of the index: read from the album in one snapshot, then
// written over the album's old rows in the index in one transaction.

#include "quire/connection.h"
#include "quire/error.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace quire {
class Session;
}

namespace quire::detail {

struct IndexedPicture {
    qint64 id = 0;
    QString uuid;
    QString path;
    std::optional<qint64> takenAtMs;
    int rating = 0;
    int state = 0;
    QString cameraMake;
    QString cameraModel;
    QString lens;
    QString title;
    QString description;
    QString label; // colourLabelName(), as the album stores it
    QString pick;  // pickStateName()
    QStringList tagPaths;
};

struct AlbumRows {
    QUuid uuid;
    QString folder;
    QString name;
    qint64 generation = 0;
    QString fileIdentity;
    QList<IndexedPicture> pictures;
};

// Reads the album's generation and every picture with its tag paths, in
// one read transaction of the session, so the rows are those of that
// generation.
Result<void> readAlbumRows(Session &session, AlbumRows &rows);

// Makes the album's rows in the index (its pictures, their tags and
// words, its albums row) those of `rows`, in one transaction: only the
// pictures whose digest differs are written again, those the album no
// longer has dropped. Returns how many pictures were written.
Result<qint64> writeAlbumRows(Connection &index, const AlbumRows &rows);

// Drops the album's rows from the index (inside the caller's transaction).
Result<void> dropAlbumRows(Connection &index, const QString &albumUuid);

QString uuidText(const QUuid &uuid);

} // namespace quire::detail
