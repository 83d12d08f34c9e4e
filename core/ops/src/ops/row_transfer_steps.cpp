// The steps of a row transfer (quire/row_transfer.h). Each reads the
// source's record and is idempotent, so recovery runs the same code again.

#include "ops/row_transfer_private.h"
#include "ops/transfer_files.h"

#include "base/crash_point.h"
#include "format/identity.h"

#include "quire/session.h"
#include "quire/transaction.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>
#include <functional>

#include <sys/stat.h>
#include <unistd.h>

namespace quire::detail {

namespace {

QString text(const QUuid &uuid)
{
    return uuid.toString(QUuid::WithoutBraces);
}

QString absolute(const Tenant &tenant, const QString &relative)
{
    return QDir(tenant.folder()).filePath(relative);
}

QString kindName(RowTransferKind kind)
{
    return kind == RowTransferKind::Move ? QStringLiteral("move") : QStringLiteral("copy");
}

// The identity row 'transfers' is there exactly while the tenant holds a
// record or marker (written in the same transactions), so that opening a
// tenant learns it from the identity rows it reads anyway.
Result<void> notePending(Session &session)
{
    const QByteArray sql =
        identitySql(session.tenant().format().identityTable(), "INSERT OR IGNORE INTO ", " (key, value) VALUES ('transfers', 1)");
    if (auto r = session.exec(sql); !r)
        return r.error();
    return {};
}

Result<void> clearPendingWhenDone(Session &session)
{
    const QByteArray sql = identitySql(session.tenant().format().identityTable(), "DELETE FROM ",
                                       " WHERE key = 'transfers' AND NOT EXISTS (SELECT 1 FROM quire_row_transfers_out)"
                                       " AND NOT EXISTS (SELECT 1 FROM quire_row_transfers_in)");
    if (auto r = session.exec(sql); !r)
        return r.error();
    return {};
}

Result<void> commit(Transaction &transaction, const char *before, const char *after)
{
    crashPoint(before);
    if (auto r = transaction.commit(); !r)
        return r;
    crashPoint(after);
    return {};
}

// One write transaction on the tenant: `work`, then a commit between the
// two crash points. An error from `work` rolls it back.
Result<void> inWriteTransaction(const Tenant &tenant, const char *before, const char *after,
                                const std::function<Result<void>(Session &)> &work)
{
    Result<Session> writer = tenant.write();
    if (!writer)
        return writer.error();
    Result<Transaction> transaction = writer->transaction();
    if (!transaction)
        return transaction.error();
    if (auto r = work(*writer); !r)
        return r;
    return commit(*transaction, before, after);
}

// A statement about one transfer, its id bound to ?1.
Result<void> exec(Session &session, const QByteArray &sql, const QUuid &transfer)
{
    if (auto r = session.exec(sql, {text(transfer)}); !r)
        return r.error();
    return {};
}

QString keysJson(const QVariantList &keys)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromVariantList(keys)).toJson(QJsonDocument::Compact));
}

// A file that keeps its name is its name; a renamed one is [from, to].
QString filesJson(const QList<RowFile> &files)
{
    QJsonArray array;
    for (const RowFile &file : files)
        array.append(file.from == file.to ? QJsonValue(file.from) : QJsonValue(QJsonArray{file.from, file.to}));
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

bool isScalarKey(const QVariant &key)
{
    const QMetaType::Type type = QMetaType::Type(key.typeId());
    return type == QMetaType::Int || type == QMetaType::LongLong || type == QMetaType::UInt
        || type == QMetaType::ULongLong || type == QMetaType::Double || type == QMetaType::QString;
}

// A key is a scalar, or a non-empty list of scalars (a composite key).
bool isRecordableKey(const QVariant &key)
{
    if (key.typeId() != QMetaType::QVariantList)
        return isScalarKey(key);
    const QVariantList parts = key.toList();
    return !parts.isEmpty() && std::all_of(parts.begin(), parts.end(), isScalarKey);
}

// What names the row a key selects: the key, or a composite key's first
// element.
QVariant rowName(const QVariant &key)
{
    return key.typeId() == QMetaType::QVariantList ? key.toList().value(0) : key;
}

// The row's name as JSON text, to compare (so 42 read back from a record
// as 42.0 matches).
QString rowIdentity(const QVariant &key)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray{QJsonValue::fromVariant(rowName(key))}).toJson(QJsonDocument::Compact));
}

// The unfinished transfer of this mover from the source that already
// names one of `keys`, with that row's name as a person reads it; empty
// when none does.
Result<QPair<QString, QString>> keyInAnotherTransfer(Session &session, const QString &mover, const QVariantList &keys)
{
    Result<Rows> rows = session.query("SELECT id, keys FROM quire_row_transfers_out WHERE mover = ?1", {mover});
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return QPair<QString, QString>();
    QSet<QString> wanted;
    for (const QVariant &key : keys)
        wanted.insert(rowIdentity(key));
    for (const QVariantList &row : std::as_const(rows->values)) {
        const QJsonDocument recorded = QJsonDocument::fromJson(row.value(1).toString().toUtf8());
        for (const QVariant &key : recorded.array().toVariantList()) {
            if (wanted.contains(rowIdentity(key)))
                return QPair<QString, QString>(row.value(0).toString(), rowName(key).toString());
        }
    }
    return QPair<QString, QString>();
}

// Whether folders lead out of one tenant folder, each existing folder
// resolved once (realpath walks every component of the path): a transfer of
// a thousand pictures in one folder asks the kernel once, not a thousand
// times. A folder that does not exist yet is not remembered, so it is
// resolved again once something has made it.
class InsideCheck
{
public:
    explicit InsideCheck(const Tenant &tenant) : m_root(tenant.folder()) {}

    // A regular file (not a link, not a device) whose real place is inside
    // the tenant folder: a database that names a link to /etc/passwd never
    // gets it copied into another tenant. (Not itself a link, so its real
    // place is its folder's real place and its name.)
    bool regularFileInside(const QString &relative)
    {
        const QString path = QDir(m_root).filePath(relative);
        struct stat st {};
        if (::lstat(QFile::encodeName(path).constData(), &st) != 0 || !S_ISREG(st.st_mode))
            return false;
        return folderInside(QFileInfo(path).absolutePath());
    }

    // The folder a file goes into is inside the tenant, following links of
    // folders that exist already.
    bool parentStaysInside(const QString &relative)
    {
        QString parent = QFileInfo(QDir(m_root).filePath(relative)).absolutePath();
        if (const auto known = m_known.constFind(parent); known != m_known.cend())
            return *known; // it existed when resolved
        // The nearest folder that exists decides where the rest would be made.
        while (!QFileInfo::exists(parent) && parent.size() > m_root.size())
            parent = QFileInfo(parent).absolutePath();
        return folderInside(parent);
    }

private:
    bool folderInside(const QString &folder)
    {
        if (const auto known = m_known.constFind(folder); known != m_known.cend())
            return *known;
        const QString real = QFileInfo(folder).canonicalFilePath();
        const bool inside = real == m_root || real.startsWith(m_root + QLatin1Char('/'));
        if (!real.isEmpty())
            m_known.insert(folder, inside);
        return inside;
    }

    QString m_root;
    QHash<QString, bool> m_known;
};

} // namespace

bool rowFilePathAllowed(const QString &relative, const TenantFormat &format)
{
    if (relative.isEmpty() || relative.startsWith(QLatin1Char('/')) || relative.contains(QLatin1Char('\\'))
        || relative.contains(QChar(0)))
        return false;
    const QStringList parts = relative.split(QLatin1Char('/'));
    for (const QString &part : parts) {
        if (part.isEmpty() || part == QLatin1String(".") || part == QLatin1String(".."))
            return false;
    }
    return parts.first() != format.controlFolder();
}

Error missingTablesError(const Tenant &tenant)
{
    return Error(ErrorCode::InvalidArgument, tenant.folder(),
                 QStringLiteral("The %1 has no row-transfer tables (quire_row_transfers_out/_in): its format must "
                                "add quire::rowTransferSchema() in a migration step before rows can move.")
                     .arg(tenant.format().kind()));
}

Result<bool> hasRowTransferTables(const Tenant &tenant)
{
    Result<Session> session = tenant.read();
    if (!session)
        return session.error();
    Result<Rows> rows = session->query("SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                                       " AND name IN ('quire_row_transfers_out', 'quire_row_transfers_in')");
    if (!rows)
        return rows.error();
    return rows->values.value(0).value(0).toInt() == 2;
}

Result<QList<RowTransferRecord>> readRowRecords(const Tenant &source, const QUuid &only, QList<Error> *refused)
{
    Result<Session> session = source.read();
    if (!session)
        return session.error();
    Result<Rows> rows = session->query(
        "SELECT id, mover, kind, destination_uuid, destination_folder, state, keys, files"
        " FROM quire_row_transfers_out WHERE ?1 IS NULL OR id = ?1 ORDER BY created_at, id",
        {only.isNull() ? QVariant() : QVariant(text(only))});
    if (!rows)
        return rows.error();
    QList<RowTransferRecord> result;
    for (const QVariantList &row : std::as_const(rows->values)) {
        RowTransferRecord r;
        r.id = QUuid::fromString(row.value(0).toString());
        r.mover = row.value(1).toString();
        r.kind = row.value(2).toString() == QLatin1String("copy") ? RowTransferKind::Copy : RowTransferKind::Move;
        r.destinationUuid = QUuid::fromString(row.value(3).toString());
        r.destinationFolder = row.value(4).toString();
        r.state = row.value(5).toString();
        const QJsonDocument keys = QJsonDocument::fromJson(row.value(6).toString().toUtf8());
        const QJsonDocument files = QJsonDocument::fromJson(row.value(7).toString().toUtf8());
        r.keys = keys.array().toVariantList();
        // A record names files to place and remove; one that is not what
        // the engine writes was not written by it and is never acted on.
        bool sane = !r.id.isNull() && !r.destinationUuid.isNull() && keys.isArray() && files.isArray()
            && (r.state == QLatin1String("prepared") || r.state == QLatin1String("arrived")
                || r.state == QLatin1String("removed"));
        for (const QJsonValue &file : files.array()) {
            const QJsonArray pair = file.toArray();
            const RowFile f = file.isString() ? RowFile{file.toString(), file.toString()}
                                              : RowFile{pair.at(0).toString(), pair.at(1).toString()};
            sane = sane && (file.isString() || (pair.size() == 2 && pair.at(0).isString() && pair.at(1).isString()))
                && rowFilePathAllowed(f.from, source.format()) && rowFilePathAllowed(f.to, source.format());
            r.files.append(f);
        }
        for (const QVariant &key : std::as_const(r.keys))
            sane = sane && isRecordableKey(key);
        if (!sane) {
            const Error forged = Error(ErrorCode::Damaged, source.folder(),
                                       QStringLiteral("The %1 records a row transfer (%2) that Quire did not write: a "
                                                      "path outside the folder or a malformed entry (was the database "
                                                      "changed by another program?). The transfer was left as it is.")
                                           .arg(source.format().kind(), row.value(0).toString()))
                                     .withKind(source.format().kind());
            if (!refused)
                return forged;
            refused->append(forged);
            continue;
        }
        result.append(r);
    }
    return result;
}

Result<RowTransferRecord> prepareRows(const Tenant &source, const Tenant &destination, const QUuid &id,
                                      const RowMover &mover, RowTransferKind kind, const RowTransfer &transfer)
{
    RowTransferRecord record;
    record.id = id;
    record.mover = mover.name;
    record.kind = kind;
    record.destinationUuid = destination.uuid();
    record.destinationFolder = destination.folder();
    record.state = QStringLiteral("prepared");
    record.keys = transfer.keys;

    auto outside = [&](const QString &file) {
        return Error(ErrorCode::InvalidArgument, source.folder(),
                     QStringLiteral("The file '%1' is not a path inside the %2 folder (absolute, '..', empty or "
                                    "in %3/); nothing was moved.")
                         .arg(file, source.format().kind(), source.format().controlFolder()));
    };
    for (auto it = transfer.renamedTo.cbegin(); it != transfer.renamedTo.cend(); ++it) {
        if (!transfer.files.contains(it.key()))
            return Error(ErrorCode::InvalidArgument, source.folder(),
                         QStringLiteral("The transfer renames '%1', which is not one of its files; nothing was moved.")
                             .arg(it.key()));
    }
    InsideCheck inSource(source);
    InsideCheck inDestination(destination);
    QSet<QString> seen;
    QSet<QString> placed; // destination names
    for (const QString &file : transfer.files) {
        const QString to = transfer.renamedTo.value(file, file);
        if (!rowFilePathAllowed(file, source.format()))
            return outside(file);
        if (!rowFilePathAllowed(to, source.format()))
            return outside(to);
        if (seen.contains(file))
            continue;
        seen.insert(file);
        if (placed.contains(to))
            return Error(ErrorCode::InvalidArgument, source.folder(),
                         QStringLiteral("Two files of the transfer would both become '%1'; nothing was moved.").arg(to));
        placed.insert(to);
        if (!inSource.regularFileInside(file))
            return Error(ErrorCode::NotFound, source.folder(),
                         QStringLiteral("The file '%1' is not a plain file inside the %2 folder (missing, a folder, "
                                        "or a link leading elsewhere); nothing was moved.")
                             .arg(file, source.format().kind()));
        if (fileExists(absolute(destination, to)))
            return Error(ErrorCode::AlreadyExists, destination.folder(),
                         QStringLiteral("The %1 already has a file '%2'; it is never overwritten, so nothing was moved.")
                             .arg(destination.format().kind(), to));
        if (!inDestination.parentStaysInside(to))
            return Error(ErrorCode::InvalidArgument, destination.folder(),
                         QStringLiteral("The folder for '%1' in the %2 is a link leading out of it; nothing was moved.")
                             .arg(to, destination.format().kind()));
        record.files.append({file, to});
    }
    for (const QVariant &key : transfer.keys) {
        if (!isRecordableKey(key))
            return Error(ErrorCode::InvalidArgument, source.folder(),
                         QStringLiteral("A row key of type %1 cannot be recorded; keys are integers, numbers or "
                                        "text, or non-empty lists of them.")
                             .arg(QString::fromLatin1(key.typeName())));
    }

    crashPoint("rows.prepare.begin");
    Result<Session> writer = source.write();
    if (!writer)
        return writer.error();
    Result<Transaction> transaction = writer->transaction();
    if (!transaction)
        return transaction.error();
    // Under the transfer lock, in the transaction that records this one: a
    // row that an unfinished transfer (one a crash left to recovery)
    // already names stays where that transfer's recovery expects it.
    Result<QPair<QString, QString>> busy = keyInAnotherTransfer(*writer, mover.name, transfer.keys);
    if (!busy)
        return busy.error();
    if (!busy->first.isEmpty())
        return Error(ErrorCode::Busy, source.folder(),
                     QStringLiteral("The row %1 is in another transfer (%2) that has not finished; it is finished "
                                    "or undone when the %3 is next opened through a registry with its row movers.")
                         .arg(busy->second, busy->first, source.format().kind()));
    Result<qint64> inserted = writer->exec(
        "INSERT INTO quire_row_transfers_out (id, mover, kind, destination_uuid, destination_folder, state, keys,"
        " files, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 'prepared', ?6, ?7, ?8)",
        {text(id), mover.name, kindName(kind), text(record.destinationUuid), record.destinationFolder,
         keysJson(record.keys), filesJson(record.files), QDateTime::currentMSecsSinceEpoch()});
    if (!inserted)
        return inserted.error();
    if (auto r = notePending(*writer); !r)
        return r.error();
    if (auto r = commit(*transaction, "rows.prepare.commit", "rows.prepare.committed"); !r)
        return r.error();
    return record;
}

Result<void> placeRowFiles(const Tenant &source, const Tenant &destination, const RowTransferRecord &record)
{
    QSet<QString> folders;
    InsideCheck inDestination(destination);
    for (const RowFile &file : record.files) {
        const QString from = absolute(source, file.from);
        const QString to = absolute(destination, file.to);
        crashPoint("rows.place.file");
        if (!fileExists(from) && fileExists(to))
            continue; // placed and removed before a crash (recovery of a move)
        if (!inDestination.parentStaysInside(file.to))
            return Error(ErrorCode::InvalidArgument, destination.folder(),
                         QStringLiteral("The folder for '%1' became a link leading out of the %2.")
                             .arg(file.to, destination.format().kind()));
        if (auto r = placeFile(from, to, record.isMove(), partialSuffix(record.id)); !r)
            return r.error().withAlbum(destination.folder());
        crashPoint("rows.place.placed");
        folders.insert(QFileInfo(to).absolutePath());
    }
    for (const QString &folder : std::as_const(folders)) {
        if (auto r = syncFolder(folder); !r)
            return r.error().withAlbum(destination.folder());
    }
    crashPoint("rows.place.synced");
    return {};
}

Result<bool> hasRowMarker(const Tenant &destination, const QUuid &transfer)
{
    Result<Session> session = destination.read();
    if (!session)
        return session.error();
    Result<Rows> rows = session->query("SELECT 1 FROM quire_row_transfers_in WHERE transfer_id = ?1", {text(transfer)});
    if (!rows)
        return rows.error();
    return !rows->isEmpty();
}

Result<void> applyRows(const Tenant &source, const Tenant &destination, const RowMover &mover,
                       const RowTransferRecord &record)
{
    Result<Session> writer = destination.write();
    if (!writer)
        return writer.error();
    Result<Session> reader = source.read();
    if (!reader)
        return reader.error();
    // The reader sees one snapshot of the source for the whole insert.
    Result<Transaction> snapshot = reader->transaction();
    if (!snapshot)
        return snapshot.error();
    Result<Transaction> transaction = writer->transaction();
    if (!transaction)
        return transaction.error();
    Result<Rows> done = writer->query("SELECT 1 FROM quire_row_transfers_in WHERE transfer_id = ?1", {text(record.id)});
    if (!done)
        return done.error();
    if (!done->isEmpty())
        return {}; // applied before a crash
    if (auto r = mover.insert(*reader, *writer, record.keys, record.kind); !r) {
        const Error &e = r.error();
        return Error(e.code(), destination.folder(),
                     QStringLiteral("Inserting the rows (%1) failed: %2")
                         .arg(mover.name, e.album().isEmpty() || e.album() == destination.folder() ? e.message()
                                                                                                   : e.toString()));
    }
    Result<qint64> marked = writer->exec(
        "INSERT INTO quire_row_transfers_in (transfer_id, source_uuid, source_folder, mover, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5)",
        {text(record.id), text(source.uuid()), source.folder(), mover.name, QDateTime::currentMSecsSinceEpoch()});
    if (!marked)
        return marked.error();
    if (auto r = notePending(*writer); !r)
        return r;
    return commit(*transaction, "rows.apply.commit", "rows.apply.committed");
}

Result<void> removeRows(const Tenant &source, const Tenant &destination, const RowMover &mover,
                        RowTransferRecord &record)
{
    if (record.state == QLatin1String("prepared")) {
        Result<void> removed = inWriteTransaction(source, "rows.remove.commit", "rows.remove.committed", [&](Session &w) {
            if (auto r = mover.remove(w, record.keys); !r)
                return r;
            return exec(w, "UPDATE quire_row_transfers_out SET state = 'removed' WHERE id = ?1", record.id);
        });
        if (!removed)
            return removed;
        record.state = QStringLiteral("removed");
    }
    QSet<QString> folders;
    for (const RowFile &file : std::as_const(record.files)) {
        const QString from = absolute(source, file.from);
        crashPoint("rows.remove.file");
        // Only when the destination has it: a file is never lost.
        if (!fileExists(from) || !fileExists(absolute(destination, file.to)))
            continue;
        if (::unlink(QFile::encodeName(from).constData()) != 0)
            return Error(ErrorCode::Io, source.folder(),
                         QStringLiteral("Removing the moved file %1 failed; it is safe in the destination.")
                             .arg(file.from));
        crashPoint("rows.remove.removed");
        folders.insert(QFileInfo(from).absolutePath());
    }
    for (const QString &folder : std::as_const(folders))
        (void)syncFolder(folder);
    return {};
}

Result<void> markArrived(const Tenant &source, RowTransferRecord &record)
{
    if (record.state != QLatin1String("prepared"))
        return {};
    Result<void> marked = inWriteTransaction(source, "rows.arrived.commit", "rows.arrived.committed", [&](Session &w) {
        return exec(w, "UPDATE quire_row_transfers_out SET state = 'arrived' WHERE id = ?1", record.id);
    });
    if (marked)
        record.state = QStringLiteral("arrived");
    return marked;
}

Result<void> clearRowMarker(const Tenant &destination, const QUuid &transfer)
{
    return inWriteTransaction(destination, "rows.done.incoming", "rows.done.incoming-cleared", [&](Session &w) {
        if (auto r = exec(w, "DELETE FROM quire_row_transfers_in WHERE transfer_id = ?1", transfer); !r)
            return r;
        return clearPendingWhenDone(w);
    });
}

Result<void> clearRowRecord(const Tenant &source, const QUuid &transfer)
{
    return inWriteTransaction(source, "rows.done.outgoing", "rows.done.outgoing-cleared", [&](Session &w) {
        if (auto r = exec(w, "DELETE FROM quire_row_transfers_out WHERE id = ?1", transfer); !r)
            return r;
        return clearPendingWhenDone(w);
    });
}

Result<void> undoRows(const Tenant &source, const Tenant &destination, const RowTransferRecord &record)
{
    QSet<QString> folders;
    for (const RowFile &file : record.files) {
        const QString to = absolute(destination, file.to);
        ::unlink(QFile::encodeName(to + partialSuffix(record.id)).constData());
        // Ours only when it is the source's file: prepare refused a name
        // already taken in the destination.
        if (!fileExists(to) || !sameFileOrContent(absolute(source, file.from), to))
            continue;
        crashPoint("rows.undo.file");
        if (::unlink(QFile::encodeName(to).constData()) != 0)
            return Error(ErrorCode::Io, destination.folder(),
                         QStringLiteral("Removing %1, placed by an unfinished row transfer, failed.").arg(file.to));
        folders.insert(QFileInfo(to).absolutePath());
    }
    for (const QString &folder : std::as_const(folders))
        (void)syncFolder(folder);
    return clearRowRecord(source, record.id);
}

} // namespace quire::detail
