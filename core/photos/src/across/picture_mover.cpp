// The album's row mover (across/picture_mover.h).

#include "across/picture_mover.h"
#include "album/picture_columns.h"

#include "quire/picture.h"
#include "quire/session.h"
#include "quire/tags.h"

#include <QDir>
#include <QFileInfo>

namespace quire::detail {

namespace {

QByteArray text(const QUuid &uuid)
{
    return uuid.toByteArray(QUuid::WithoutBraces);
}

struct Key {
    QUuid picture;
    QString destinationPath;
    QString destinationSidecar; // empty: none travels
};

Key readKey(const QVariant &key)
{
    // Records converted from schema 6 have no third element.
    const QVariantList parts = key.toList();
    return {QUuid::fromString(parts.value(0).toString()), parts.value(1).toString(), parts.value(2).toString()};
}

// Inserts the pictures named by `keys`, read from `source`, into
// `destination`: content columns as they are, the recorded path, the tags
// (made in the destination where missing) and the thumbnail.
Result<void> insertPictures(Session &source, Session &destination, const QVariantList &keys, RowTransferKind kind,
                            QHash<QUuid, QUuid> *copiedTo)
{
    Connection &src = source.connection();
    Connection &db = destination.connection();
    // id, state, what the sidecar was when last read, then the content
    // columns, copied as they are.
    Result<Statement> picture = src.cached(QByteArray("SELECT id, state, sidecar_size, sidecar_mtime, ")
                                           + PictureContentColumns + " FROM pictures WHERE uuid = ?1");
    Result<Statement> tagsOf = src.cached("SELECT tag_id FROM picture_tags WHERE picture_id = ?1");
    Result<Statement> thumbnail = src.cached("SELECT width, height, format, data FROM thumbnails WHERE picture_id = ?1");
    constexpr int Fixed = 6; // uuid, path, state and the sidecar's three
    QByteArray values = "?1, ?2, ?3, ?4, ?5, ?6";
    for (int i = 0; i < PictureContentColumnCount; ++i)
        values += ", ?" + QByteArray::number(i + Fixed + 1);
    Result<Statement> insert =
        db.cached(QByteArray("INSERT INTO pictures (uuid, path, state, sidecar_path, sidecar_size, sidecar_mtime, ")
                  + PictureContentColumns + ") VALUES (" + values + ")");
    Result<Statement> attach = db.cached("INSERT OR IGNORE INTO picture_tags (picture_id, tag_id) VALUES (?1, ?2)");
    Result<Statement> thumb = db.cached(
        "INSERT INTO thumbnails (picture_id, width, height, format, data) VALUES (?1, ?2, ?3, ?4, ?5)");
    for (auto *s : {&picture, &tagsOf, &thumbnail, &insert, &attach, &thumb}) {
        if (!*s)
            return s->error();
    }
    const QString destinationFolder = destination.tenant().folder();
    Tags sourceTags(source);
    Tags destinationTags(destination);
    QHash<qint64, qint64> tagMap; // source tag id -> destination tag id
    QHash<QUuid, QUuid> uuids;
    for (const QVariant &k : keys) {
        const Key key = readKey(k);
        picture->reset();
        picture->bindText(1, text(key.picture));
        Result<bool> row = picture->step();
        if (!row)
            return row.error();
        if (!*row)
            return source.error(ErrorCode::NotFound, QStringLiteral("The picture %1 left the album during the transfer.")
                                                         .arg(key.picture.toString(QUuid::WithoutBraces)));
        const qint64 sourceId = picture->int64(0);
        const QUuid uuid = kind == RowTransferKind::Move ? key.picture : QUuid::createUuid();
        insert->reset();
        insert->bindText(1, text(uuid)).bind(2, key.destinationPath);
        // Files are placed before rows: a picture whose file was already
        // gone from the source arrives as missing, so rows and files agree.
        const bool fileThere = QFileInfo::exists(QDir(destinationFolder).filePath(key.destinationPath));
        insert->bind(3, fileThere ? picture->int64(1) : qint64(PictureState::Missing));
        // The sidecar is the destination's only when it travelled with the
        // picture; otherwise the picture arrives with none recorded.
        const bool sidecarThere = !key.destinationSidecar.isEmpty()
            && QFileInfo::exists(QDir(destinationFolder).filePath(key.destinationSidecar));
        if (sidecarThere) {
            insert->bind(4, key.destinationSidecar);
            insert->bindColumn(5, *picture, 2);
            insert->bindColumn(6, *picture, 3);
        } else {
            insert->bindNull(4).bindNull(5).bindNull(6);
        }
        for (int i = 0; i < PictureContentColumnCount; ++i)
            insert->bindColumn(i + Fixed + 1, *picture, i + 4);
        if (auto r = insert->run(); !r)
            return r.error();
        const qint64 id = db.lastInsertRowId();
        uuids.insert(key.picture, uuid);

        QList<qint64> sourceTagIds;
        tagsOf->reset();
        tagsOf->bind(1, sourceId);
        if (auto r = tagsOf->each([&](const Statement &s) { sourceTagIds.append(s.int64(0)); }); !r)
            return r.error();
        for (qint64 tagId : std::as_const(sourceTagIds)) {
            if (!tagMap.contains(tagId)) {
                Result<std::optional<Tag>> tag = sourceTags.byId(tagId);
                if (!tag)
                    return tag.error();
                if (!*tag)
                    continue;
                Result<Tag> made = destinationTags.ensure((*tag)->path);
                if (!made)
                    return made.error();
                tagMap.insert(tagId, made->id);
            }
            attach->reset();
            attach->bind(1, id).bind(2, tagMap.value(tagId));
            if (auto r = attach->run(); !r)
                return r.error();
        }
        thumbnail->reset();
        thumbnail->bind(1, sourceId);
        Result<bool> hasThumbnail = thumbnail->step();
        if (!hasThumbnail)
            return hasThumbnail.error();
        if (*hasThumbnail) {
            thumb->reset();
            thumb->bind(1, id).bind(2, thumbnail->int64(0)).bind(3, thumbnail->int64(1));
            thumb->bind(4, thumbnail->text(2)).bindBlob(5, thumbnail->blob(3));
            if (auto r = thumb->run(); !r)
                return r.error();
        }
    }
    if (copiedTo)
        *copiedTo = uuids; // only once every picture is in
    return {};
}

Result<void> removePictures(Session &source, const QVariantList &keys)
{
    // Tags links and thumbnails go with the rows (ON DELETE CASCADE).
    Result<Statement> remove = source.connection().cached("DELETE FROM pictures WHERE uuid = ?1");
    if (!remove)
        return remove.error();
    for (const QVariant &k : keys) {
        remove->reset();
        remove->bindText(1, text(readKey(k).picture));
        if (auto r = remove->run(); !r)
            return r.error();
    }
    return {};
}

} // namespace

QVariant pictureKey(const QUuid &picture, const QString &destinationPath, const QString &destinationSidecar)
{
    return QVariantList{picture.toString(QUuid::WithoutBraces), destinationPath, destinationSidecar};
}

RowMover pictureMover(QHash<QUuid, QUuid> *copiedTo)
{
    RowMover mover;
    mover.name = QString::fromLatin1(PictureMoverName);
    mover.insert = [copiedTo](Session &source, Session &destination, const QVariantList &keys, RowTransferKind kind) {
        return insertPictures(source, destination, keys, kind, copiedTo);
    };
    mover.remove = removePictures;
    return mover;
}

} // namespace quire::detail
