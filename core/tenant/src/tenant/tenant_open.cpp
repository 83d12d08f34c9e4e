// Opening an album: find its database, make sure it is a Quire album this
// Quire may use, upgrade it when older, and learn its identity.

#include "tenant/tenant_private.h"

#include "format/identity.h"
#include "format/migrator.h"
#include "format/schema_text.h"
#include "sqlite/backup.h"
#include "tenant/connection_budget.h"
#include "base/storage.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QRandomGenerator>
#include <QScopeGuard>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

namespace quire {

namespace {

// Read-only by permission: no write access, or no write bit for anyone
// (chmod a-w). The second test keeps the user's intent even for root, who
// passes every access() check.
bool writable(const QString &path, const struct stat &st, uid_t me)
{
    if ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0)
        return false;
    if (st.st_uid == me && (st.st_mode & S_IWUSR))
        return true; // ours and writable: no need to ask (one syscall less per open)
    return ::access(QFile::encodeName(path).constData(), W_OK) == 0;
}

// What lstat(2) found of the files opening looks at.
struct TenantFiles {
    struct stat control {}, database {}, wal {}, shm {};
    bool controlFound = false, databaseFound = false, walFound = false, shmFound = false;
};

// What opening needs to judge an album: the header fields, the meta rows
// and the schema text. Plain PRAGMA statements, not the pragma_* table
// functions: each of those builds a virtual table on a new connection,
// which costs more than all the rest of opening.
struct Header {
    qint64 applicationId = 0;
    int userVersion = 0;
    QString journalMode;
    QHash<QString, QString> meta;
    QByteArray schema; // as detail::schemaText() makes it
    bool transfers = false; // unfinished transfers recorded (schema 2)
};

Result<QString> pragma(Connection &connection, const QByteArray &sql)
{
    Result<Statement> statement = connection.prepare(sql);
    if (!statement)
        return statement.error();
    Result<bool> row = statement->step();
    if (!row)
        return row.error();
    return *row ? statement->text(0) : QString();
}

Result<Header> readHeaderFields(Connection &connection, const TenantFormat &format);

// One read transaction for all of it: one round of file locks (each
// statement in autocommit mode would take and drop them again).
//
// The work is bounded: the schema is checked only after the meta rows are
// read, and a hostile album can make `meta` a view that never ends (a
// recursive CTE). A real header takes a few hundred VM steps; the
// progress handler stops the statement after about a million.
constexpr int HeaderStepBudget = 1000; // progress callbacks, 1000 steps each

Result<Header> readHeader(Connection &connection, const TenantFormat &format, bool *tooMuchWork)
{
    if (auto r = connection.exec("BEGIN"); !r)
        return r.error();
    int callbacks = 0;
    sqlite3_progress_handler(
        connection.handle(), 1000,
        [](void *counter) { return ++*static_cast<int *>(counter) > HeaderStepBudget ? 1 : 0; }, &callbacks);
    Result<Header> header = readHeaderFields(connection, format);
    sqlite3_progress_handler(connection.handle(), 0, nullptr, nullptr);
    *tooMuchWork = callbacks > HeaderStepBudget;
    (void)connection.exec(header ? "COMMIT" : "ROLLBACK");
    return header;
}

Result<Header> readHeaderFields(Connection &connection, const TenantFormat &format)
{
    Header header;
    // The first read of the file: a file that is not SQLite fails here.
    Result<QString> applicationId = pragma(connection, "PRAGMA application_id");
    if (!applicationId)
        return applicationId.error();
    header.applicationId = applicationId->toLongLong();
    if (header.applicationId != format.applicationId())
        return header; // not ours: nothing more to read
    Result<QString> version = pragma(connection, "PRAGMA user_version");
    Result<QString> journal = version ? pragma(connection, "PRAGMA journal_mode") : version;
    if (!journal)
        return journal.error();
    header.userVersion = version->toInt();
    header.journalMode = *journal;

    // The schema rows and the identity rows in one statement; an unfinished
    // tenant has no identity table, and then the schema rows alone are read.
    Result<Statement> rows = connection.prepare(
        QByteArray(detail::SchemaRowsSql).replace("SELECT ", "SELECT 0, ")
        + detail::identitySql(format.identityTable(), " UNION ALL SELECT 1, key, value, NULL, NULL FROM "));
    if (!rows) {
        if (rows.error().code() != ErrorCode::Sqlite)
            return rows.error();
        rows = connection.prepare(QByteArray(detail::SchemaRowsSql).replace("SELECT ", "SELECT 0, "));
        if (!rows)
            return rows.error();
    }
    QList<detail::SchemaRow> schema;
    for (;;) {
        Result<bool> row = rows->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        if (rows->integer(0) == 0)
            schema.append(detail::SchemaRow{rows->blob(1), rows->blob(2), rows->blob(3), rows->blob(4)});
        else
            header.meta.insert(rows->text(1), rows->text(2));
    }
    header.schema = detail::schemaText(std::move(schema));
    // Moves of rows between tenants a crash left unfinished: opening
    // through a registry recovers them, and looks only when the identity
    // row that every move step writes with its records says there are some.
    header.transfers = header.meta.contains(QStringLiteral("transfers"));
    return header;
}

Result<QString> metaUuid(Connection &connection, const TenantFormat &format)
{
    Result<Statement> select =
        connection.prepare(detail::identitySql(format.identityTable(), "SELECT value FROM ", " WHERE key = 'uuid'"));
    if (!select)
        return select.error();
    Result<bool> row = select->step();
    if (!row)
        return row.error();
    return *row ? select->text(0) : QString();
}

// Damage that opening would not see by itself, looked for before anything
// is written: a database file shorter than its header says (cut short by a
// crash or an incomplete copy), and a write-ahead log that belongs to
// another database (another album's -wal copied beside it, or an old one
// put back). SQLite would replay such a log's pages over this database and
// checkpoint them into it on close; it cannot tell, as a log does not name
// its database. The UUID read with the log is compared with the one in the
// database file alone (read as immutable, which ignores the log).
Result<void> checkDatabaseFile(Connection &connection, const TenantFormat &format, const QString &folder,
                               const QString &databasePath, const TenantFiles &files, ConnectionBudget *budget,
                               std::chrono::milliseconds wait)
{
    const qint64 fileSize = files.database.st_size;
    const bool walPresent = files.walFound && files.wal.st_size > 0;
    const bool shmPresent = files.shmFound;
    if (!walPresent) {
        Result<QString> pages = pragma(connection, "PRAGMA page_count");
        Result<QString> pageSize = pages ? pragma(connection, "PRAGMA page_size") : pages;
        if (pageSize) { // else: not SQLite at all, which checkAndUpgrade says
            const qint64 expected = pages->toLongLong() * pageSize->toLongLong();
            if (fileSize < expected) {
                return Error(ErrorCode::Damaged, folder,
                             QStringLiteral("The %1 is damaged: its database %2 is cut short "
                                            "(%3 of %4 bytes), perhaps by a crash or an incomplete copy; "
                                            "'quirectl repair' salvages what is left.")
                                 .arg(format.kind(), format.databasePath())
                                 .arg(fileSize)
                                 .arg(expected));
            }
        }
        return {};
    }
    const Error foreignLog(ErrorCode::Damaged, folder,
                           QStringLiteral("The %1 is damaged: its write-ahead log %2-wal does "
                                          "not belong to its database (copied in from another %1, or an "
                                          "old one put back); %3 left both untouched. 'quirectl repair' "
                                          "sets the log aside and salvages the database.")
                               .arg(format.kind(), format.databasePath(), format.program()));
    ConnectionOptions raw;
    raw.readOnly = true;
    raw.immutable = true;
    raw.label = folder;
    raw.kind = format.kind();
    // A second connection beside the first: it counts against the cap.
    Result<BudgetSlot> slot = BudgetSlot::take(budget, folder, wait);
    if (!slot)
        return slot.error();
    Result<std::unique_ptr<Connection>> fileAlone = Connection::open(databasePath, raw);
    Result<QString> fileUuid = fileAlone ? metaUuid(**fileAlone, format) : Result<QString>(fileAlone.error());
    Result<QString> loggedUuid = metaUuid(connection, format);
    if (fileUuid && loggedUuid && !fileUuid->isEmpty() && *fileUuid != *loggedUuid)
        return foreignLog;
    if (!shmPresent) {
        // Nobody has the album open (no -shm): a log left by a crash, or
        // one put there. Cheap enough to look at the whole file once.
        Result<QString> verdict = pragma(connection, "PRAGMA quick_check");
        if (!verdict || *verdict != QLatin1String("ok"))
            return foreignLog;
    }
    return {};
}

// A tenant's database and its control folder must lie inside the tenant
// folder. A symbolic link there could lead to another tenant's database
// (which would then be judged "a copy" and get its UUID rewritten), to a
// device or to any file: refused before anything is read or written. Links
// that stay inside the folder are refused as well; nothing needs them.
//
// The lstat(2) of each file is what opening needs to know of it too (for
// a file that is no link, the same as stat(2)): looked at once, as every
// system call counts when a workspace opens thousands of tenants.
Result<TenantFiles> lookAtFiles(const QString &folder, const TenantFormat &format)
{
    TenantFiles files;
    const QString control = folder + QLatin1Char('/') + format.controlFolder();
    const QString database = folder + QLatin1Char('/') + format.databasePath();
    const struct {
        QString path;
        struct stat *st;
        bool *found;
    } paths[] = {{control, &files.control, &files.controlFound},
                 {database, &files.database, &files.databaseFound},
                 {database + QStringLiteral("-wal"), &files.wal, &files.walFound},
                 {database + QStringLiteral("-shm"), &files.shm, &files.shmFound},
                 {database + QStringLiteral("-journal"), nullptr, nullptr}};
    for (const auto &file : paths) {
        struct stat st {};
        if (::lstat(QFile::encodeName(file.path).constData(), &st) != 0)
            continue;
        if (S_ISLNK(st.st_mode)) {
            const QString target = QFileInfo(file.path).symLinkTarget();
            return Error(ErrorCode::Damaged, folder,
                         QStringLiteral("%1 is a symbolic link (to %2); a %3's database must lie inside "
                                        "its folder, so %4 will not open it. Replace the link with the file "
                                        "itself.")
                             .arg(QDir(folder).relativeFilePath(file.path), target, format.kind(), format.program()));
        }
        if (file.st) {
            *file.st = st;
            *file.found = true;
        }
    }
    return files;
}

} // namespace

Result<std::shared_ptr<TenantPrivate>> TenantPrivate::open(const QString &folderArgument,
                                                         const TenantOptions &options,
                                                         std::shared_ptr<ConnectionBudget> budget,
                                                         const QString &knownCanonical,
                                                         const BeforeChanges &beforeChanges)
{
    // One album reached through a symlink or a second path is one folder.
    const QString canonical =
        knownCanonical.isEmpty() ? QFileInfo(folderArgument).canonicalFilePath() : knownCanonical;
    if (canonical.isEmpty()) {
        return Error(ErrorCode::NotFound, QDir::cleanPath(QFileInfo(folderArgument).absoluteFilePath()),
                     QStringLiteral("The folder does not exist."));
    }

    std::shared_ptr<TenantPrivate> d(new TenantPrivate);
    d->writeSerial = QRandomGenerator::global()->generate64();
    d->folder = canonical;
    d->options = options;
    d->format = options.format;
    if (d->format.isNull()) {
        return Error(ErrorCode::InvalidArgument, canonical,
                     QStringLiteral("No tenant format was given (TenantOptions::format is null)."));
    }
    d->databasePath = Tenant::databasePathFor(d->folder, d->format);
    const TenantFormat &format = d->format;
    // Looked at with lstat(2) only: never open() an album database outside
    // SQLite (closing such a descriptor drops SQLite's POSIX locks).
    Result<TenantFiles> files = lookAtFiles(canonical, format);
    if (!files)
        return files.error();
    const struct stat &databaseStat = files->database;
    if (!files->databaseFound) {
        struct stat folderStat {};
        if (::stat(QFile::encodeName(canonical).constData(), &folderStat) == 0 && !S_ISDIR(folderStat.st_mode))
            return Error(ErrorCode::NotAnAlbum, canonical,
                         QStringLiteral("This is a file, not %1 folder.").arg(format.kindWithArticle()));
        return Error(ErrorCode::NotAnAlbum, d->folder,
                     QStringLiteral("This folder is not a %1 %2: it has no %3. "
                                    "Make it one with 'quirectl create'.")
                         .arg(format.program(), format.kind(), format.databasePath()));
    }
    if (S_ISDIR(databaseStat.st_mode)) {
        return Error(ErrorCode::Damaged, d->folder,
                     QStringLiteral("The %1 is damaged: %2 is a folder, "
                                    "not a database.").arg(format.kind(), format.databasePath()));
    }
    if (databaseStat.st_size == 0) {
        return Error(ErrorCode::Damaged, d->folder,
                     QStringLiteral("The %1 is damaged: its database %2 is "
                                    "empty (0 bytes), perhaps cut short by a crash or a copy.")
                         .arg(format.kind(), format.databasePath()));
    }

    const detail::StorageFacts storage = detail::storageOf(d->databasePath);
    d->journal = storage.network ? JournalMode::Rollback : JournalMode::Wal;
    if (storage.readOnlyMedia) {
        d->readOnly = d->immutable = true;
        d->readOnlyReason = QStringLiteral("the folder is on read-only media");
    } else if (const uid_t me = ::geteuid(); !writable(d->databasePath, databaseStat, me)
               || !files->controlFound
               || !writable(d->folder + QLatin1Char('/') + format.controlFolder(), files->control, me)) {
        d->readOnly = true;
        d->readOnlyReason = QStringLiteral("you have no permission to change its database "
                                           "(%1 or its folder is read-only)")
                                .arg(format.databasePath());
    }

    // The first connection counts against the budget; when opening fails
    // on the way, its slot goes back.
    bool evicted = false; // the slot cost another album its connection
    if (budget) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.busyTimeoutMs);
        if (auto slot = budget->reserve(d->folder, deadline, &evicted); !slot)
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
    if (!d->immutable) {
        if (auto r = checkDatabaseFile(**connection, format, d->folder, d->databasePath, *files,
                                       budget.get(), std::chrono::milliseconds(options.busyTimeoutMs));
            !r) {
            // Closed without a checkpoint: a foreign log must not be
            // copied into the database.
            sqlite3_db_config((*connection)->handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
            return r.error();
        }
    }

    Result<std::unique_ptr<Connection>> checked = d->checkAndUpgrade(std::move(*connection), beforeChanges);
    if (!checked)
        return checked.error();
    d->m_idle.push_back(std::move(*checked));
    d->m_open = 1;
    d->m_lastUsed = std::chrono::steady_clock::now();
    giveSlotBack.dismiss();
    d->m_budget = std::move(budget);
    if (d->m_budget)
        d->m_budget->touch(d, evicted); // its first connection is idle, so evictable
    return d;
}

Result<void> TenantPrivate::checkStillThisTenant(Connection &connection) const
{
    Result<QString> found = metaUuid(connection, format);
    // No identity table (prepare fails as plain SQLite): not a tenant at all.
    if (!found && found.error().code() != ErrorCode::Sqlite)
        return found.error();
    const QUuid there = found ? QUuid::fromString(*found) : QUuid();
    if (there == uuid)
        return {};
    return error(ErrorCode::NotFound,
                 QStringLiteral("The %1 is no longer in this folder: %2 now holds %3, put there while %4 "
                                "had the %1 open. Close the %1 and open the folder again.")
                     .arg(format.kind(), format.databasePath(),
                          there.isNull() ? QStringLiteral("something else")
                                         : QStringLiteral("another %1 (UUID %2)")
                                               .arg(format.kind(), there.toString(QUuid::WithoutBraces)),
                          format.program()));
}

Result<std::unique_ptr<Connection>> TenantPrivate::checkAndUpgrade(std::unique_ptr<Connection> connection,
                                                                   const BeforeChanges &beforeChanges)
{
    bool tooMuchWork = false;
    const QString kind = format.kind(), program = format.program();
    Result<Header> header = readHeader(*connection, format, &tooMuchWork);
    if (!header && tooMuchWork) {
        return error(ErrorCode::SchemaMismatch,
                     QStringLiteral("The %1's tables differ from %2's schema (reading its %3 "
                                    "table did not end); %2 will not use it.")
                         .arg(kind, program, format.identityTable()));
    }
    if (!header) {
        if (header.error().code() == ErrorCode::NotSqlite) {
            return error(ErrorCode::NotSqlite,
                         QStringLiteral("Its database %1 is not an SQLite database "
                                        "(another program wrote it, or it is damaged).")
                             .arg(format.databasePath()));
        }
        return header.error();
    }
    if (header->applicationId != format.applicationId()) {
        return error(ErrorCode::NotAnAlbum,
                     QStringLiteral("%1 is an SQLite database but not a %2 %3 "
                                    "(application_id %4); %2 leaves it untouched.")
                         .arg(format.databasePath(), program, kind)
                         .arg(header->applicationId));
    }
    schemaVersion = header->userVersion;
    transfersRecorded = header->transfers;
    const int latest = format.latestVersion();
    auto metaValue = [&](const char *key) { return header->meta.value(QString::fromLatin1(key)); };
    // Looked at before anything below writes to it (a backup in its
    // control folder, the upgrade, the journal mode).
    if (beforeChanges) {
        if (auto r = beforeChanges(*this, *connection, QUuid::fromString(metaValue("uuid"))); !r)
            return r.error();
    }

    if (schemaVersion <= 0) {
        return error(ErrorCode::Damaged,
                     QStringLiteral("The %1 is damaged: it carries %2's mark but no schema "
                                    "(it was not finished when it was made).").arg(kind, program));
    }
    if (schemaVersion > latest) {
        const int minWrite = metaValue("min_write_version").toInt();
        if (minWrite == 0 || minWrite > latest) {
            return error(ErrorCode::TooNew,
                         QStringLiteral("The %1 was written by a newer %2 (%1 schema %3; "
                                        "this %2 knows up to %4). Update %2 to open it.")
                             .arg(kind, program)
                             .arg(schemaVersion)
                             .arg(latest));
        }
        // Newer, but its writer declared it still writable by this version.
    } else {
        if (schemaVersion < latest) {
            if (readOnly) {
                return error(ErrorCode::ReadOnly,
                             QStringLiteral("The %1 needs an upgrade from schema %2 to %3, but "
                                            "it is read-only (%4).")
                                 .arg(kind)
                                 .arg(schemaVersion)
                                 .arg(latest)
                                 .arg(readOnlyReason));
            }
            if (!options.migrate) {
                return error(ErrorCode::NeedsUpgrade,
                             QStringLiteral("The %1 has the older schema %2 and needs an upgrade "
                                            "to %3 ('quirectl migrate').")
                                 .arg(kind)
                                 .arg(schemaVersion)
                                 .arg(latest));
            }
            // Check the old schema is the format's before changing anything.
            if (!format.acceptsSchema(header->schema, schemaVersion)) {
                return error(ErrorCode::SchemaMismatch,
                             QStringLiteral("The %1's tables differ from %2's schema %3 (was it "
                                            "changed by another program?); %2 will not upgrade it.")
                                 .arg(kind, program)
                                 .arg(schemaVersion));
            }
            const QString backupFolder =
                QDir(folder).filePath(format.controlFolder() + QStringLiteral("/backups"));
            QDir().mkpath(backupFolder);
            const QString backupPath = QDir(backupFolder).filePath(
                QStringLiteral("%1-schema%2-%3.db")
                    .arg(QFileInfo(format.databasePath()).completeBaseName())
                    .arg(schemaVersion)
                    .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-hhmmss-zzz"))));
            if (auto r = detail::backupTo(*connection, backupPath); !r)
                return r.error();
            if (auto r = detail::migrate(*connection, format, schemaVersion); !r)
                return r.error();
            schemaVersion = latest;
            header->schema = detail::schemaText(connection->handle());
        }
        if (!format.acceptsSchema(header->schema, schemaVersion)) {
            return error(ErrorCode::SchemaMismatch,
                         QStringLiteral("The %1's tables differ from %2's schema %3 (was it "
                                        "changed by another program?); %2 will not use it.")
                             .arg(kind, program)
                             .arg(schemaVersion));
        }
    }

    uuid = QUuid::fromString(metaValue("uuid"));
    if (uuid.isNull()) {
        return error(ErrorCode::Damaged,
                     QStringLiteral("The %1 is damaged: it has no valid %1 UUID.").arg(kind));
    }
    m_name = metaValue("name");
    createdAt = QDateTime::fromMSecsSinceEpoch(metaValue("created_at").toLongLong(), Qt::UTC);

    if (!readOnly) {
        if (auto r = connection->applyJournalMode(header->journalMode); !r)
            return r.error();
    }
    return connection;
}

} // namespace quire
