// Opening an album: find its database, make sure it is a Quire album this
// Quire may use, upgrade it when older, and learn its identity.

#include "session/album_private.h"

#include "format/migrator.h"
#include "format/schema_text.h"
#include "sqlite/backup.h"
#include "registry/connection_budget.h"
#include "sqlite/storage.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QScopeGuard>

#include <sys/stat.h>
#include <unistd.h>

namespace quire {

namespace {

// Read-only by permission: no write access, or no write bit for anyone
// (chmod a-w). The second test keeps the user's intent even for root, who
// passes every access() check.
bool writable(const QString &path)
{
    const QByteArray name = QFile::encodeName(path);
    struct stat st {};
    if (::stat(name.constData(), &st) != 0)
        return false;
    if ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0)
        return false;
    return ::access(name.constData(), W_OK) == 0;
}

Result<qint64> pragmaValue(Connection &connection, const QByteArray &pragma)
{
    Result<Statement> statement = connection.prepare("PRAGMA " + pragma);
    if (!statement)
        return statement.error();
    Result<bool> row = statement->step();
    if (!row)
        return row.error();
    return *row ? statement->int64(0) : 0;
}

} // namespace

Result<std::shared_ptr<AlbumPrivate>> AlbumPrivate::open(const QString &folderArgument,
                                                         const AlbumOptions &options,
                                                         std::shared_ptr<ConnectionBudget> budget)
{
    const QFileInfo folderInfo(folderArgument);
    const QString shown = QDir::cleanPath(folderInfo.absoluteFilePath());
    if (!folderInfo.exists())
        return Error(ErrorCode::NotFound, shown, QStringLiteral("The folder does not exist."));
    if (!folderInfo.isDir())
        return Error(ErrorCode::NotAnAlbum, shown,
                     QStringLiteral("This is a file, not an album folder."));

    std::shared_ptr<AlbumPrivate> d(new AlbumPrivate);
    // One album reached through a symlink or a second path is one folder.
    d->folder = folderInfo.canonicalFilePath();
    d->databasePath = Album::databasePathFor(d->folder);
    d->options = options;
    d->format = options.format ? options.format : &AlbumFormat::current();

    const QFileInfo databaseInfo(d->databasePath);
    if (!databaseInfo.exists()) {
        return Error(ErrorCode::NotAnAlbum, d->folder,
                     QStringLiteral("This folder is not a Quire album: it has no .quire/album.db. "
                                    "Make it one with 'quirectl create'."));
    }
    if (databaseInfo.isDir()) {
        return Error(ErrorCode::Damaged, d->folder,
                     QStringLiteral("The album is damaged: .quire/album.db is a folder, "
                                    "not a database."));
    }
    if (databaseInfo.size() == 0) {
        return Error(ErrorCode::Damaged, d->folder,
                     QStringLiteral("The album is damaged: its database .quire/album.db is "
                                    "empty (0 bytes), perhaps cut short by a crash or a copy."));
    }

    const detail::StorageFacts storage = detail::storageOf(d->databasePath);
    d->journal = storage.network ? JournalMode::Rollback : JournalMode::Wal;
    if (storage.readOnlyMedia) {
        d->readOnly = d->immutable = true;
        d->readOnlyReason = QStringLiteral("the folder is on read-only media");
    } else if (!writable(d->databasePath) || !writable(QFileInfo(d->databasePath).absolutePath())) {
        d->readOnly = true;
        d->readOnlyReason = QStringLiteral("you have no permission to change its database "
                                           "(.quire/album.db or its folder is read-only)");
    }

    // The first connection counts against the budget; when opening fails
    // on the way, its slot goes back.
    if (budget) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.busyTimeoutMs);
        if (auto slot = budget->reserve(d->folder, deadline); !slot)
            return slot.error();
    }
    auto giveSlotBack = qScopeGuard([&] {
        if (budget)
            budget->release();
    });
    ConnectionOptions first = d->connectionOptions(d->readOnly ? Access::Read : Access::Write);
    first.setJournalMode = false; // not before we know it is our file
    first.queryOnly = false;
    Result<std::unique_ptr<Connection>> connection = Connection::open(d->databasePath, first);
    if (!connection && d->readOnly && !d->immutable) {
        // A WAL album in a folder we cannot write has no -shm to share;
        // nobody can write it either, so reading it as immutable is safe.
        d->immutable = true;
        connection = Connection::open(d->databasePath, d->connectionOptions(Access::Read));
    }
    if (!connection)
        return connection.error();

    Result<std::unique_ptr<Connection>> checked = d->checkAndUpgrade(std::move(*connection));
    if (!checked)
        return checked.error();
    if (d->readOnly) {
        d->m_idleReaders.push_back(std::move(*checked));
        d->m_readersOpen = 1;
    } else {
        d->m_writer = std::move(*checked);
    }
    giveSlotBack.dismiss();
    d->m_budget = std::move(budget);
    if (d->m_budget)
        d->m_budget->touch(d); // its first connection is idle, so evictable
    return d;
}

Result<std::unique_ptr<Connection>> AlbumPrivate::checkAndUpgrade(std::unique_ptr<Connection> connection)
{
    Result<qint64> applicationId = pragmaValue(*connection, "application_id");
    if (!applicationId) {
        if (applicationId.error().code() == ErrorCode::NotSqlite) {
            return error(ErrorCode::NotSqlite,
                         QStringLiteral("Its database .quire/album.db is not an SQLite database "
                                        "(another program wrote it, or it is damaged)."));
        }
        return applicationId.error();
    }
    if (*applicationId != AlbumFormat::ApplicationId) {
        return error(ErrorCode::NotAnAlbum,
                     QStringLiteral(".quire/album.db is an SQLite database but not a Quire album "
                                    "(application_id %1); Quire leaves it untouched.")
                         .arg(*applicationId));
    }
    Result<qint64> version = pragmaValue(*connection, "user_version");
    if (!version)
        return version.error();
    schemaVersion = int(*version);
    const int latest = format->latestVersion();

    auto metaValue = [&](const char *key) -> QString {
        Result<Statement> statement = connection->prepare("SELECT value FROM meta WHERE key = ?1");
        if (!statement)
            return {};
        statement->bindText(1, key);
        Result<bool> row = statement->step();
        return row && *row ? statement->text(0) : QString();
    };

    if (schemaVersion <= 0) {
        return error(ErrorCode::Damaged,
                     QStringLiteral("The album is damaged: it carries Quire's mark but no schema "
                                    "(it was not finished when it was made)."));
    }
    if (schemaVersion > latest) {
        const int minWrite = metaValue("min_write_version").toInt();
        if (minWrite == 0 || minWrite > latest) {
            return error(ErrorCode::TooNew,
                         QStringLiteral("The album was written by a newer Quire (album schema %1; "
                                        "this Quire knows up to %2). Update Quire to open it.")
                             .arg(schemaVersion)
                             .arg(latest));
        }
        // Newer, but its writer declared it still writable by this version.
    } else {
        if (schemaVersion < latest) {
            if (readOnly) {
                return error(ErrorCode::ReadOnly,
                             QStringLiteral("The album needs an upgrade from schema %1 to %2, but "
                                            "it is read-only (%3).")
                                 .arg(schemaVersion)
                                 .arg(latest)
                                 .arg(readOnlyReason));
            }
            if (!options.migrate) {
                return error(ErrorCode::NeedsUpgrade,
                             QStringLiteral("The album has the older schema %1 and needs an upgrade "
                                            "to %2 ('quirectl migrate').")
                                 .arg(schemaVersion)
                                 .arg(latest));
            }
            // Check the old schema is Quire's before changing anything.
            if (detail::schemaText(connection->handle()) != format->fingerprint(schemaVersion)) {
                return error(ErrorCode::SchemaMismatch,
                             QStringLiteral("The album's tables differ from Quire's schema %1 (was it "
                                            "changed by another program?); Quire will not upgrade it.")
                                 .arg(schemaVersion));
            }
            const QString backupFolder = QDir(folder).filePath(QStringLiteral(".quire/backups"));
            QDir().mkpath(backupFolder);
            const QString backupPath = QDir(backupFolder).filePath(
                QStringLiteral("album-schema%1-%2.db")
                    .arg(schemaVersion)
                    .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-hhmmss-zzz"))));
            if (auto r = detail::backupTo(*connection, backupPath); !r)
                return r.error();
            if (auto r = detail::migrate(*connection, *format, schemaVersion); !r)
                return r.error();
            schemaVersion = latest;
        }
        if (detail::schemaText(connection->handle()) != format->fingerprint(schemaVersion)) {
            return error(ErrorCode::SchemaMismatch,
                         QStringLiteral("The album's tables differ from Quire's schema %1 (was it "
                                        "changed by another program?); Quire will not use it.")
                             .arg(schemaVersion));
        }
    }

    uuid = QUuid::fromString(metaValue("uuid"));
    if (uuid.isNull()) {
        return error(ErrorCode::Damaged,
                     QStringLiteral("The album is damaged: it has no valid album UUID."));
    }
    m_name = metaValue("name");
    createdAt = QDateTime::fromMSecsSinceEpoch(metaValue("created_at").toLongLong(), Qt::UTC);

    if (!readOnly) {
        if (auto r = connection->applyJournalMode(); !r)
            return r.error();
    }
    return connection;
}

} // namespace quire
