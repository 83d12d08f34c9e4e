// copyTenant: the database through SQLite's backup API (one read
// transaction, stepped in chunks), the pictures through copyFolderFiles,
// built under a marked partial name, verified, renamed into place.

#include "quire/folders.h"

#include "base/crash_point.h"
#include "base/folder_copy.h"
#include "ops/control_files.h"
#include "ops/folder_ops.h"
#include "sqlite/sqlite_error.h"
#include "quire/registry.h"
#include "quire/session.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QThread>

#include <sqlite3.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace quire {

namespace {

// In the copy's control folder: the marker of an unfinished copy (locked
// while the copy runs), and the database while it is being built.
QString copyMarker(const TenantFormat &format)
{
    return detail::control::copyMarker(format);
}

QString partialDatabase(const TenantFormat &format)
{
    return detail::control::copyDatabase(format);
}

// Relative path -> size (-1 for a folder, -2 for a link), the control
// folder skipped.
QHash<QString, qint64> listing(const QString &root, const QString &control)
{
    QHash<QString, qint64> out;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    const QDir base(root);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString rel = base.relativeFilePath(path);
        if (rel == control || rel.startsWith(control + QLatin1Char('/')))
            continue;
        struct stat st;
        if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
            continue;
        if (S_ISLNK(st.st_mode))
            out.insert(rel, -2);
        else if (S_ISDIR(st.st_mode))
            out.insert(rel, -1);
        else if (S_ISREG(st.st_mode))
            out.insert(rel, st.st_size);
    }
    return out;
}

// The core's one mapping of SQLite result codes (sqlite/sqlite_error.h):
// SQLITE_CORRUPT is Damaged, SQLITE_IOERR and SQLITE_FULL are Io, and so on.
Error sqliteFailure(const QString &album, const QString &doing, sqlite3 *db, int rc)
{
    // A backup step that failed reading the source leaves nothing in the
    // copy's own error message: then the code's text says it.
    const bool own = db && sqlite3_errcode(db) != SQLITE_OK;
    return detail::sqliteError(rc, album, doing, QString::fromUtf8(own ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

// Copies the album database from a read session into destination, in
// chunks, inside one read transaction so the copy is one snapshot.
Result<void> backupDatabase(const Tenant &album, const QString &destination, const QString &name,
                            const std::atomic<bool> *cancel)
{
    sqlite3 *dst = nullptr;
    Result<void> result;
    int rc = SQLITE_OK;
    const QByteArray identity = album.format().identityTable().toUtf8();
    {
    Result<Session> session = album.read();
    if (!session)
        return session.error();
    Connection &source = session->connection();
    if (auto r = source.exec("BEGIN"); !r)
        return r;
    {
        Result<Statement> start = source.prepare("SELECT count(*) FROM " + identity);
        if (!start)
            return (void)source.exec("ROLLBACK"), start.error();
        if (auto r = start->run(); !r)
            return (void)source.exec("ROLLBACK"), r;
    }
    rc = sqlite3_open_v2(QFile::encodeName(destination).constData(), &dst,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        result = sqliteFailure(album.folder(), QStringLiteral("making the copy's database"), dst, rc);
    } else if (sqlite3_backup *backup = sqlite3_backup_init(dst, "main", source.handle(), "main")) {
        for (;;) {
            if (cancel && cancel->load()) {
                rc = SQLITE_INTERRUPT;
                break;
            }
            rc = sqlite3_backup_step(backup, 64);
            if (rc == SQLITE_DONE)
                break;
            if (rc == SQLITE_OK)
                continue;
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
                QThread::msleep(5);
                continue;
            }
            break;
        }
        const int finished = sqlite3_backup_finish(backup);
        if (rc == SQLITE_DONE)
            rc = finished;
        if (rc == SQLITE_INTERRUPT)
            result = Error(ErrorCode::Cancelled, album.folder(), QStringLiteral("the copy was cancelled"));
        else if (rc != SQLITE_OK)
            result = sqliteFailure(album.folder(), QStringLiteral("copying the %1 database").arg(album.format().kind()),
                                   dst, rc);
    } else {
        result = sqliteFailure(album.folder(), QStringLiteral("copying the %1 database").arg(album.format().kind()), dst,
                               sqlite3_errcode(dst));
    }
    (void)source.exec("COMMIT");
    } // the read session goes back
    if (result.ok()) {
        // The backup copied the album's WAL mode. The copy's own changes go
        // straight into its file instead: a -wal left by a failed checkpoint
        // would be orphaned when copy-partial.db is renamed into place, and
        // the copy would come up with the original's identity. The copy
        // returns to WAL when it is first opened as an album.
        sqlite3_stmt *st = nullptr;
        rc = sqlite3_prepare_v2(dst, "PRAGMA journal_mode = DELETE", -1, &st, nullptr);
        const bool rollbackJournal = rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW
            && qstricmp(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)), "delete") == 0;
        if (!rollbackJournal && rc == SQLITE_OK)
            rc = sqlite3_errcode(dst) == SQLITE_OK ? SQLITE_ERROR : sqlite3_errcode(dst);
        sqlite3_finalize(st);
        if (!rollbackJournal)
            result = sqliteFailure(album.folder(), QStringLiteral("preparing the copied database"), dst, rc);
    }
    if (result.ok()) {
        // A new identity, then the checks.
        sqlite3_stmt *st = nullptr;
        const QByteArray sql = "UPDATE " + identity + " SET value = ?1 WHERE key = 'uuid'";
        rc = sqlite3_prepare_v2(dst, sql.constData(), -1, &st, nullptr);
        if (rc == SQLITE_OK) {
            const QByteArray uuid = QUuid::createUuid().toString(QUuid::WithoutBraces).toUtf8();
            sqlite3_bind_text(st, 1, uuid.constData(), int(uuid.size()), SQLITE_TRANSIENT);
            rc = sqlite3_step(st);
            rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_OK)
            result = sqliteFailure(album.folder(), QStringLiteral("giving the copy its own identity"), dst, rc);
    }
    if (result.ok()) {
        sqlite3_stmt *st = nullptr;
        const QByteArray sql = "INSERT INTO " + identity + " (key, value) VALUES ('name', ?1) "
                                                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        rc = sqlite3_prepare_v2(dst, sql.constData(), -1, &st, nullptr);
        if (rc == SQLITE_OK) {
            const QByteArray utf8 = name.toUtf8();
            sqlite3_bind_text(st, 1, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
            rc = sqlite3_step(st);
            rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_OK)
            result = sqliteFailure(album.folder(), QStringLiteral("naming the copy"), dst, rc);
    }
    if (result.ok()) {
        sqlite3_stmt *st = nullptr;
        QString verdict;
        if (sqlite3_prepare_v2(dst, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK) {
            while (sqlite3_step(st) == SQLITE_ROW)
                verdict += QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)));
        }
        sqlite3_finalize(st);
        if (verdict != QLatin1String("ok"))
            result = Error(ErrorCode::Damaged, album.folder(),
                           QStringLiteral("the copied database failed its integrity check: %1").arg(verdict));
    }
    sqlite3_close_v2(dst);
    if (result.ok()) {
        QFile f(destination);
        if (f.open(QIODevice::ReadWrite))
            ::fsync(f.handle());
    }
    return result;
}

} // namespace

namespace detail {

QStringList recoverFolderCopies(const QString &parentFolder, const TenantFormat &format)
{
    QStringList removed;
    const QDir parent(parentFolder);
    const QStringList names = parent.entryList({QStringLiteral("*.quire-partial-*")},
                                               QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QString &name : names) {
        const QString path = parent.filePath(name);
        if (QFileInfo(path).isSymLink() || !QFileInfo::exists(QDir(path).filePath(copyMarker(format))))
            continue;
        // A copy still running holds the marker's lock.
        const int fd = ::open(QFile::encodeName(QDir(path).filePath(copyMarker(format))).constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        const bool running = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
        ::close(fd);
        if (running)
            continue;
        if (QDir(path).removeRecursively())
            removed.append(path);
    }
    if (!removed.isEmpty())
        fsyncFolder(parentFolder);
    return removed;
}

} // namespace detail

static Result<Tenant> copyTenantImpl(Registry &registry, const QUuid &uuid, const QString &destinationArgument,
                               const CopyTenantOptions &options)
{
    Result<Tenant> found = detail::albumFor(registry, uuid);
    if (!found)
        return found.error();
    const Tenant album = *found;
    const TenantFormat format = registry.format();
    const QString source = QDir::cleanPath(QFileInfo(album.folder()).absoluteFilePath());
    const QString label = album.name().isEmpty() ? source : album.name();
    auto refuse = [&](ErrorCode code, const QString &why) -> Result<Tenant> {
        return Error(code, label, QStringLiteral("cannot copy the %1: %2").arg(format.kind(), why));
    };
    if (destinationArgument.trimmed().isEmpty())
        return refuse(ErrorCode::InvalidArgument, QStringLiteral("no destination folder given."));
    const QString destination = QDir::cleanPath(QFileInfo(destinationArgument).absoluteFilePath());
    const QString canonicalSource = QFileInfo(source).canonicalFilePath();
    const QString destParent = QFileInfo(destination).absolutePath();
    const QString canonicalDestParent = QFileInfo(destParent).canonicalFilePath();
    const QString resolvedDest = canonicalDestParent.isEmpty() ? destination
        : QDir(canonicalDestParent).filePath(QFileInfo(destination).fileName());
    if (destination == source || destination.startsWith(source + QLatin1Char('/'))
        || resolvedDest == canonicalSource || resolvedDest.startsWith(canonicalSource + QLatin1Char('/')))
        return refuse(ErrorCode::InvalidArgument,
                      QStringLiteral("the destination %1 is inside the %2's folder.").arg(destination, format.kind()));
    if (!QFileInfo(destParent).isDir())
        return refuse(ErrorCode::NotFound, QStringLiteral("the folder %1 does not exist.").arg(destParent));
    const QFileInfo destInfo(destination);
    if (destInfo.exists() || destInfo.isSymLink()) {
        if (!destInfo.isDir() || destInfo.isSymLink()
            || !QDir(destination).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
            return refuse(ErrorCode::AlreadyExists,
                          QStringLiteral("the destination %1 exists and is not empty.").arg(destination));
    }
    if (detail::transferLockHeld(source, format))
        return refuse(ErrorCode::Busy, QStringLiteral("another program is moving %1 in or out of it; try again when it is done.")
                                           .arg(format.rowNoun()));

    // Free space, up front: the pictures plus the database.
    const QHash<QString, qint64> sourceFiles = listing(source, format.controlFolder());
    qint64 need = QFileInfo(Tenant::databasePathFor(source, format)).size()
        + QFileInfo(Tenant::databasePathFor(source, format) + QStringLiteral("-wal")).size();
    for (qint64 size : sourceFiles)
        need += qMax<qint64>(size, 0) + 4096;
    const qint64 free = detail::freeBytesAt(destParent);
    if (free >= 0 && need > free)
        return refuse(ErrorCode::Io, QStringLiteral("not enough free space in %1: %2 bytes needed, %3 free.")
                                         .arg(destParent).arg(need).arg(free));

    const QString partial = destination + QStringLiteral(".quire-partial-")
        + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QElapsedTimer clock;
    clock.start();
    auto progress = [&](const detail::CopyProgress &p) {
        detail::crashPoint("copy.file"); // the crash test's kill points, one per file
        if (options.cancel && options.cancel->load())
            return false;
        if (!options.progress)
            return true;
        CopyTenantProgress out;
        out.files = p.files;
        out.filesTotal = p.filesTotal;
        out.bytes = p.bytes;
        out.bytesTotal = p.bytesTotal;
        out.elapsedMs = clock.elapsed();
        if (p.bytes > 0 && out.elapsedMs > 0)
            out.remainingMs = qint64(double(out.elapsedMs) * double(p.bytesTotal - p.bytes) / double(p.bytes));
        return options.progress(out);
    };
    detail::crashPoint("copy.begin");
    if (auto r = detail::copyFolderFiles(source, partial, format.controlFolder(), progress); !r) {
        QDir(partial).removeRecursively();
        return r.error().code() == ErrorCode::Cancelled
            ? refuse(ErrorCode::Cancelled, QStringLiteral("cancelled; nothing was kept."))
            : Result<Tenant>(r.error().withAlbum(label));
    }
    auto fail = [&](const Error &error) -> Result<Tenant> {
        QDir(partial).removeRecursively();
        detail::fsyncFolder(destParent);
        return error.withAlbum(label);
    };
    detail::crashPoint("copy.files-copied");
    if (!QDir(partial).mkpath(format.controlFolder()))
        return fail(Error(ErrorCode::Io, label, QStringLiteral("cannot write in %1").arg(partial)));
    // The marker, locked (flock) while the copy runs so recovery leaves a
    // running copy alone.
    QFile marker(QDir(partial).filePath(copyMarker(format)));
    if (!marker.open(QIODevice::WriteOnly) || marker.write(source.toUtf8() + '\n') < 0 || !marker.flush())
        return fail(Error(ErrorCode::Io, label, QStringLiteral("cannot write in %1").arg(partial)));
    ::flock(marker.handle(), LOCK_EX);
    ::fsync(marker.handle());
    detail::fsyncFolder(QDir(partial).filePath(format.controlFolder()));
    const QString name = options.name.trimmed().isEmpty()
        ? QStringLiteral("%1 (copy)").arg(album.name().isEmpty() ? QFileInfo(source).fileName() : album.name())
        : options.name.trimmed();
    const QString partialDb = QDir(partial).filePath(partialDatabase(format));
    detail::crashPoint("copy.marked");
    if (auto r = backupDatabase(album, partialDb, name, options.cancel); !r)
        return fail(r.error());
    detail::crashPoint("copy.database-copied");
    if (options.cancel && options.cancel->load())
        return fail(Error(ErrorCode::Cancelled, label, QStringLiteral("cannot copy the %1: cancelled; nothing was kept.").arg(format.kind())));

    // Verify the pictures against the source.
    const QHash<QString, qint64> copied = listing(partial, format.controlFolder());
    if (copied != sourceFiles)
        return fail(Error(ErrorCode::Io, label,
                          QStringLiteral("the copy does not match the %1 (%2 entries copied, %3 in the %1); "
                                         "was it changed during the copy?")
                              .arg(format.kind())
                              .arg(copied.size())
                              .arg(sourceFiles.size())));

    // Into place: the database under its own name, then the folder.
    detail::crashPoint("copy.verified");
    if (::rename(QFile::encodeName(partialDb).constData(),
                 QFile::encodeName(Tenant::databasePathFor(partial, format)).constData()) != 0)
        return fail(Error(ErrorCode::Io, label, QStringLiteral("cannot name the copied database")));
    detail::fsyncFolder(QDir(partial).filePath(format.controlFolder()));
    detail::crashPoint("copy.database-named");
    if (destInfo.isDir())
        ::rmdir(QFile::encodeName(destination).constData()); // an empty folder was allowed
    if (::rename(QFile::encodeName(partial).constData(), QFile::encodeName(destination).constData()) != 0)
        return fail(Error(ErrorCode::Io, label, QStringLiteral("cannot rename %1 to %2").arg(partial, destination)));
    detail::fsyncFolder(destParent);
    detail::crashPoint("copy.in-place");
    QFile::remove(QDir(destination).filePath(copyMarker(format)));
    marker.close();
    detail::fsyncFolder(QDir(destination).filePath(format.controlFolder()));
    detail::crashPoint("copy.unmarked");

    Result<Tenant> copy = registry.open(destination);
    if (!copy)
        return copy.error().withAlbum(destination);
    return copy;
}

Result<Tenant> copyTenant(Registry &registry, const QUuid &uuid, const QString &destinationArgument,
                        const CopyTenantOptions &options)
{
    return withKind(copyTenantImpl(registry, uuid, destinationArgument, options), registry.format().kind());
}

} // namespace quire
