// The steps of a transfer (see quire/transfer.h). Each reads the source's
// record and is idempotent, so recovery runs the same code again.

#include "across/transfer_private.h"
#include "album/picture_columns.h"

#include "base/crash_point.h"

#include "quire/session.h"
#include "quire/picture.h"
#include "quire/tags.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSet>

#include <unistd.h>

namespace quire::detail {

namespace {

QByteArray text(const QUuid &uuid)
{
    return uuid.toByteArray(QUuid::WithoutBraces);
}

QString absolute(const Album &album, const QString &relative)
{
    return QDir(album.folder()).filePath(relative);
}

// Runs `sql` with the transfer id bound to ?1.
Result<void> runWithId(Connection &db, const QByteArray &sql, const QUuid &id)
{
    Result<Statement> s = db.cached(sql);
    if (!s)
        return s.error();
    s->bindText(1, text(id));
    return s->run();
}

// The meta row 'transfers' is there exactly while the album holds a
// transfer record or marker (written in the same transactions), so that
// opening an album learns it from the meta rows it reads anyway.
Result<void> notePending(Connection &db)
{
    return db.exec("INSERT OR IGNORE INTO meta (key, value) VALUES ('transfers', 1)");
}

Result<void> clearPendingWhenDone(Connection &db)
{
    return db.exec("DELETE FROM meta WHERE key = 'transfers' AND NOT EXISTS (SELECT 1 FROM transfers_out)"
                   " AND NOT EXISTS (SELECT 1 FROM transfers_in)");
}

Result<void> commit(Transaction &transaction, const char *before, const char *after)
{
    crashPoint(before);
    if (auto r = transaction.commit(); !r)
        return r;
    crashPoint(after);
    return {};
}

// A write transaction on one album with a read session on the other open
// beside it: the shape of both steps that copy rows across. Members are
// destroyed in reverse order, so the transaction ends before its session.
struct WriteBesideRead {
    Session writer;
    Session reader;
    Transaction transaction;
};

Result<WriteBesideRead> writeBesideRead(const Album &written, const Album &read)
{
    Result<Session> writer = written.write();
    if (!writer)
        return writer.error();
    Result<Session> reader = read.read();
    if (!reader)
        return reader.error();
    Result<Transaction> transaction = writer->transaction();
    if (!transaction)
        return transaction.error();
    return WriteBesideRead{std::move(*writer), std::move(*reader), std::move(*transaction)};
}

} // namespace

Result<QList<TransferRecord>> readOutgoing(const Album &source, const QUuid &only)
{
    Result<Session> session = source.read();
    if (!session)
        return session.error();
    Connection &db = session->connection();
    Result<Transaction> snapshot = session->transaction();
    if (!snapshot)
        return snapshot.error();
    Result<Statement> records = db.prepare(
        "SELECT id, kind, destination_uuid, destination_folder, state FROM transfers_out"
        " WHERE ?1 IS NULL OR id = ?1 ORDER BY created_at");
    if (!records)
        return records.error();
    if (only.isNull())
        records->bindNull(1);
    else
        records->bindText(1, text(only));
    QList<TransferRecord> result;
    auto read = records->each([&](const Statement &s) {
        TransferRecord r;
        r.id = QUuid::fromString(s.text(0));
        r.kind = s.text(1);
        r.destinationUuid = QUuid::fromString(s.text(2));
        r.destinationFolder = s.text(3);
        r.state = s.text(4);
        result.append(r);
    });
    if (!read)
        return read.error();
    Result<Statement> pictures = db.prepare(
        "SELECT picture_uuid, source_path, destination_path FROM transfer_pictures WHERE transfer_id = ?1"
        " ORDER BY source_path");
    if (!pictures)
        return pictures.error();
    for (TransferRecord &r : result) {
        pictures->reset();
        pictures->bindText(1, text(r.id));
        auto each = pictures->each([&](const Statement &s) {
            r.pictures.append({QUuid::fromString(s.text(0)), s.text(1), s.text(2)});
        });
        if (!each)
            return each.error();
        // A record names files to place and remove; one whose paths lead out
        // of the albums was not written by Quire and is never acted on.
        for (const TransferRecord::Entry &e : std::as_const(r.pictures)) {
            if (!staysInAlbum(e.sourcePath) || !staysInAlbum(e.destinationPath)) {
                return Error(ErrorCode::Damaged, source.folder(),
                             QStringLiteral("The album records a transfer of '%1' to '%2': a path outside the "
                                            "album folder, which Quire never writes (was the database changed "
                                            "by another program?). The transfer was left as it is.")
                                 .arg(e.sourcePath, e.destinationPath));
            }
        }
    }
    return result;
}

Result<TransferRecord> prepareTransfer(const Album &source, const Album &destination, const QUuid &id,
                                       const QString &kind, const QList<QUuid> &pictures)
{
    TransferRecord record;
    record.id = id;
    record.kind = kind;
    record.destinationUuid = destination.uuid();
    record.destinationFolder = destination.folder();
    record.state = QStringLiteral("prepared");

    crashPoint("transfer.prepare.begin");
    Result<WriteBesideRead> sessions = writeBesideRead(source, destination);
    if (!sessions)
        return sessions.error();
    Session *writer = &sessions->writer;
    Transaction *transaction = &sessions->transaction;
    Connection &db = writer->connection();
    Connection &dest = sessions->reader.connection();

    Result<Statement> byUuid = db.cached(
        "SELECT p.path, (SELECT transfer_id FROM transfer_pictures t WHERE t.picture_uuid = p.uuid LIMIT 1)"
        " FROM pictures p WHERE p.uuid = ?1");
    Result<Statement> destUuid = dest.cached("SELECT 1 FROM pictures WHERE uuid = ?1");
    Result<Statement> destPath = dest.cached("SELECT 1 FROM pictures WHERE path = ?1");
    if (!byUuid || !destUuid || !destPath)
        return !byUuid ? byUuid.error() : !destUuid ? destUuid.error() : destPath.error();

    QSet<QUuid> seen;
    QSet<QString> chosen;
    for (const QUuid &uuid : pictures) {
        if (seen.contains(uuid))
            continue;
        seen.insert(uuid);
        byUuid->reset();
        byUuid->bindText(1, text(uuid));
        Result<bool> row = byUuid->step();
        if (!row)
            return row.error();
        if (!*row) {
            return Error(ErrorCode::NotFound, source.folder(),
                         QStringLiteral("No picture %1 is in the album.").arg(uuid.toString(QUuid::WithoutBraces)));
        }
        const QString path = byUuid->text(0);
        if (!staysInAlbum(path)) {
            return Error(ErrorCode::InvalidArgument, source.folder(),
                         QStringLiteral("The picture %1 has the path '%2', which leads out of the album folder "
                                        "(the album's database was changed by another program); its file is "
                                        "not touched.")
                             .arg(uuid.toString(QUuid::WithoutBraces), path));
        }
        if (!byUuid->isNull(1)) {
            return Error(ErrorCode::Busy, source.folder(),
                         QStringLiteral("The picture %1 is in another transfer (%2) that has not finished; "
                                        "run 'quirectl recover' or try again later.")
                             .arg(path, byUuid->text(1)));
        }
        if (kind == QLatin1String("move")) {
            destUuid->reset();
            destUuid->bindText(1, text(uuid));
            Result<bool> there = destUuid->step();
            if (!there)
                return there.error();
            if (*there) {
                return Error(ErrorCode::AlreadyExists, destination.folder(),
                             QStringLiteral("The album already holds the picture %1 (same picture UUID).")
                                 .arg(uuid.toString(QUuid::WithoutBraces)));
            }
        }
        const QString name = freeName(path, [&](const QString &candidate) {
            if (chosen.contains(candidate) || fileExists(absolute(destination, candidate)))
                return true;
            destPath->reset();
            destPath->bind(1, candidate);
            Result<bool> used = destPath->step();
            return !used || *used;
        });
        chosen.insert(name);
        record.pictures.append({uuid, path, name});
    }

    Result<Statement> insert = db.cached(
        "INSERT INTO transfers_out (id, kind, destination_uuid, destination_folder, state, created_at)"
        " VALUES (?1, ?2, ?3, ?4, 'prepared', ?5)");
    if (!insert)
        return insert.error();
    insert->bindText(1, text(id)).bind(2, kind).bindText(3, text(record.destinationUuid))
        .bind(4, record.destinationFolder).bind(5, QDateTime::currentMSecsSinceEpoch());
    if (auto r = insert->run(); !r)
        return r.error();
    Result<Statement> entry = db.cached(
        "INSERT INTO transfer_pictures (transfer_id, picture_uuid, source_path, destination_path)"
        " VALUES (?1, ?2, ?3, ?4)");
    if (!entry)
        return entry.error();
    for (const TransferRecord::Entry &e : std::as_const(record.pictures)) {
        entry->bindText(1, text(id)).bindText(2, text(e.pictureUuid)).bind(3, e.sourcePath).bind(4, e.destinationPath);
        if (auto r = entry->run(); !r)
            return r.error();
        entry->reset();
    }
    if (auto r = notePending(db); !r)
        return r.error();
    if (auto r = commit(*transaction, "transfer.prepare.commit", "transfer.prepare.committed"); !r)
        return r.error();
    return record;
}

Result<void> placeFiles(const Album &source, const Album &destination, const TransferRecord &record)
{
    QSet<QString> folders;
    for (const TransferRecord::Entry &e : record.pictures) {
        const QString from = absolute(source, e.sourcePath);
        const QString to = absolute(destination, e.destinationPath);
        crashPoint("transfer.place.file");
        if (!fileExists(from))
            continue; // a picture whose file is missing: only its row travels
        if (auto r = placeFile(from, to, record.isMove(), partialSuffix(record.id)); !r)
            return r.error().withAlbum(destination.folder());
        crashPoint("transfer.place.placed");
        folders.insert(QFileInfo(to).absolutePath());
    }
    for (const QString &folder : std::as_const(folders)) {
        if (auto r = syncFolder(folder); !r)
            return r.error().withAlbum(destination.folder());
    }
    crashPoint("transfer.place.synced");
    return {};
}

Result<bool> hasIncoming(const Album &destination, const QUuid &transfer)
{
    Result<Session> session = destination.read();
    if (!session)
        return session.error();
    Result<Statement> s = session->connection().cached("SELECT 1 FROM transfers_in WHERE transfer_id = ?1 LIMIT 1");
    if (!s)
        return s.error();
    s->bindText(1, text(transfer));
    return s->step();
}

Result<void> applyRows(const Album &source, const Album &destination, const TransferRecord &record,
                       QHash<QUuid, QUuid> *destinationUuids)
{
    Result<WriteBesideRead> sessions = writeBesideRead(destination, source);
    if (!sessions)
        return sessions.error();
    Session *reader = &sessions->reader;
    Session *writer = &sessions->writer;
    Transaction *transaction = &sessions->transaction;
    Connection &src = reader->connection();
    Connection &db = writer->connection();
    {
        Result<Statement> done = db.cached("SELECT 1 FROM transfers_in WHERE transfer_id = ?1 LIMIT 1");
        if (!done)
            return done.error();
        done->bindText(1, text(record.id));
        Result<bool> row = done->step();
        if (!row)
            return row.error();
        if (*row)
            return {}; // applied before a crash
    }
    // id, state, then the content columns, copied as they are.
    Result<Statement> picture = src.cached(QByteArray("SELECT id, state, ") + detail::PictureContentColumns
                                           + " FROM pictures WHERE uuid = ?1");
    Result<Statement> tagsOf = src.cached("SELECT tag_id FROM picture_tags WHERE picture_id = ?1");
    Result<Statement> thumbnail = src.cached("SELECT width, height, format, data FROM thumbnails WHERE picture_id = ?1");
    QByteArray values = "?1, ?2, ?3";
    for (int i = 0; i < detail::PictureContentColumnCount; ++i)
        values += ", ?" + QByteArray::number(i + 4);
    Result<Statement> insert = db.cached(QByteArray("INSERT INTO pictures (uuid, path, state, ")
                                         + detail::PictureContentColumns + ") VALUES (" + values + ")");
    Result<Statement> attach = db.cached("INSERT OR IGNORE INTO picture_tags (picture_id, tag_id) VALUES (?1, ?2)");
    Result<Statement> thumb = db.cached(
        "INSERT INTO thumbnails (picture_id, width, height, format, data) VALUES (?1, ?2, ?3, ?4, ?5)");
    Result<Statement> mark = db.cached(
        "INSERT INTO transfers_in (picture_id, transfer_id, source_uuid, source_folder) VALUES (?1, ?2, ?3, ?4)");
    for (auto *s : {&picture, &tagsOf, &thumbnail, &insert, &attach, &thumb, &mark}) {
        if (!*s)
            return s->error();
    }
    Tags sourceTags = quire::Tags(*reader);
    Tags destinationTags = quire::Tags(*writer);
    QHash<qint64, qint64> tagMap; // source tag id -> destination tag id
    for (const TransferRecord::Entry &e : record.pictures) {
        picture->reset();
        picture->bindText(1, text(e.pictureUuid));
        Result<bool> row = picture->step();
        if (!row)
            return row.error();
        if (!*row) {
            return Error(ErrorCode::NotFound, source.folder(),
                         QStringLiteral("The picture %1 left the album during the transfer.").arg(e.sourcePath));
        }
        const qint64 sourceId = picture->int64(0);
        const QUuid uuid = record.isMove() ? e.pictureUuid : QUuid::createUuid();
        insert->reset();
        insert->bindText(1, text(uuid)).bind(2, e.destinationPath);
        // Files are placed before rows: a picture whose file was already
        // gone from the source arrives as missing, so rows and files agree.
        const bool fileThere = QFileInfo::exists(QDir(destination.folder()).filePath(e.destinationPath));
        insert->bind(3, fileThere ? picture->int64(1) : qint64(PictureState::Missing));
        for (int i = 0; i < detail::PictureContentColumnCount; ++i)
            insert->bindColumn(i + 4, *picture, i + 2);
        if (auto r = insert->run(); !r)
            return r.error();
        const qint64 id = db.lastInsertRowId();
        if (destinationUuids)
            destinationUuids->insert(e.pictureUuid, uuid);

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
        mark->reset();
        mark->bind(1, id).bindText(2, text(record.id)).bindText(3, text(source.uuid())).bind(4, source.folder());
        if (auto r = mark->run(); !r)
            return r.error();
    }
    if (auto r = notePending(db); !r)
        return r;
    return commit(*transaction, "transfer.apply.commit", "transfer.apply.committed");
}

Result<void> removeFromSource(const Album &source, const Album &destination, TransferRecord &record)
{
    if (record.state == QLatin1String("prepared")) {
        Result<Session> writer = source.write();
        if (!writer)
            return writer.error();
        Result<Transaction> transaction = writer->transaction();
        if (!transaction)
            return transaction.error();
        Connection &db = writer->connection();
        Result<Statement> remove = db.cached("DELETE FROM pictures WHERE uuid = ?1");
        if (!remove)
            return remove.error();
        for (const TransferRecord::Entry &e : std::as_const(record.pictures)) {
            remove->reset();
            remove->bindText(1, text(e.pictureUuid));
            if (auto r = remove->run(); !r)
                return r.error();
        }
        if (auto r = runWithId(db, "UPDATE transfers_out SET state = 'removed' WHERE id = ?1", record.id); !r)
            return r;
        if (auto r = commit(*transaction, "transfer.remove.commit", "transfer.remove.committed"); !r)
            return r;
        record.state = QStringLiteral("removed");
    }
    QSet<QString> folders;
    for (const TransferRecord::Entry &e : std::as_const(record.pictures)) {
        const QString from = absolute(source, e.sourcePath);
        crashPoint("transfer.remove.file");
        if (!fileExists(from))
            continue;
        // Only when the destination has it: a file is never lost.
        if (!fileExists(absolute(destination, e.destinationPath)))
            continue;
        if (::unlink(QFile::encodeName(from).constData()) != 0) {
            return Error(ErrorCode::Io, source.folder(),
                         QStringLiteral("Removing the moved file %1 failed; it is safe in the destination.")
                             .arg(e.sourcePath));
        }
        crashPoint("transfer.remove.removed");
        folders.insert(QFileInfo(from).absolutePath());
    }
    for (const QString &folder : std::as_const(folders))
        (void)syncFolder(folder);
    crashPoint("transfer.remove.synced");
    return {};
}

Result<void> clearIncoming(const Album &destination, const QUuid &transfer)
{
    Result<Session> writer = destination.write();
    if (!writer)
        return writer.error();
    Result<Transaction> transaction = writer->transaction();
    if (!transaction)
        return transaction.error();
    if (auto r = runWithId(writer->connection(), "DELETE FROM transfers_in WHERE transfer_id = ?1", transfer); !r)
        return r;
    if (auto r = clearPendingWhenDone(writer->connection()); !r)
        return r;
    return commit(*transaction, "transfer.done.incoming", "transfer.done.incoming-cleared");
}

Result<void> clearPendingNote(const Album &album)
{
    Result<Session> writer = album.write();
    if (!writer)
        return writer.error();
    return clearPendingWhenDone(writer->connection());
}

Result<void> clearOutgoing(const Album &source, const QUuid &transfer)
{
    Result<Session> writer = source.write();
    if (!writer)
        return writer.error();
    Result<Transaction> transaction = writer->transaction();
    if (!transaction)
        return transaction.error();
    Connection &db = writer->connection();
    if (auto r = runWithId(db, "DELETE FROM transfer_pictures WHERE transfer_id = ?1", transfer); !r)
        return r;
    if (auto r = runWithId(db, "DELETE FROM transfers_out WHERE id = ?1", transfer); !r)
        return r;
    if (auto r = clearPendingWhenDone(db); !r)
        return r;
    return commit(*transaction, "transfer.done.outgoing", "transfer.done.outgoing-cleared");
}

Result<void> undoTransfer(const Album &source, const Album &destination, const TransferRecord &record)
{
    Result<Session> reader = destination.read();
    if (!reader)
        return reader.error();
    Result<Statement> claimed = reader->connection().cached("SELECT 1 FROM pictures WHERE path = ?1");
    if (!claimed)
        return claimed.error();
    QSet<QString> folders;
    for (const TransferRecord::Entry &e : record.pictures) {
        const QString to = absolute(destination, e.destinationPath);
        ::unlink(QFile::encodeName(to + partialSuffix(record.id)).constData());
        if (!fileExists(to))
            continue;
        claimed->reset();
        claimed->bind(1, e.destinationPath);
        Result<bool> row = claimed->step();
        if (!row)
            return row.error();
        // Ours only when no row claims it and it is the source's file.
        if (*row || !sameFileOrContent(absolute(source, e.sourcePath), to))
            continue;
        crashPoint("transfer.undo.file");
        if (::unlink(QFile::encodeName(to).constData()) != 0) {
            return Error(ErrorCode::Io, destination.folder(),
                         QStringLiteral("Removing %1, placed by an unfinished transfer, failed.").arg(e.destinationPath));
        }
        folders.insert(QFileInfo(to).absolutePath());
    }
    for (const QString &folder : std::as_const(folders))
        (void)syncFolder(folder);
    return clearOutgoing(source, record.id);
}

} // namespace quire::detail
