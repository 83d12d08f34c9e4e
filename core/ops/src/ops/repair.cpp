// repairTenantFolder: salvage a damaged album database into a fresh one.
// SQLite 3.40 ships its recovery extension only as source, so the salvage
// is done here: every table of the current schema is read from the damaged
// file (opened immutable, so no lock and no log is involved) in rowid
// order; when a step fails on a damaged page, reading resumes at the first
// rowid past the page that reads (found by doubling the distance, then
// halving it back), so only the rows on the page are lost. A WITHOUT ROWID table whose scan fails is read again
// per picture (its key starts with picture_id), which seeks around the
// damaged page. Rows whose parent was lost are dropped at the end so the
// new database passes foreign_key_check.

#include "quire/repair.h"

#include "format/migrator.h"
#include "quire/tenant.h"
#include "quire/connection.h"
#include "quire/format.h"
#include "quire/registry.h"
#include "base/fsync.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QScopeGuard>
#include <QUrl>

#include <sqlite3.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <sys/stat.h>
#include <unistd.h>

namespace quire {

qint64 RepairReport::salvaged() const
{
    qint64 n = 0;
    for (const Table &t : tables)
        n += t.salvaged;
    return n;
}

qint64 RepairReport::lost() const
{
    qint64 n = 0;
    for (const Table &t : tables)
        n += qMax<qint64>(t.lost, 0);
    return n;
}

bool RepairReport::lossUnknown() const
{
    for (const Table &t : tables) {
        if (t.lost < 0)
            return true;
    }
    return false;
}

namespace {

// A prepared statement that finalizes itself.
struct Stmt {
    sqlite3_stmt *s = nullptr;
    Stmt(sqlite3 *db, const QByteArray &sql) { sqlite3_prepare_v2(db, sql.constData(), -1, &s, nullptr); }
    ~Stmt() { sqlite3_finalize(s); }
    explicit operator bool() const { return s != nullptr; }
};

QByteArray quoted(const QString &name)
{
    return '"' + name.toUtf8().replace('"', "\"\"") + '"';
}

QStringList columnsOf(sqlite3 *db, const QString &table)
{
    QStringList out;
    Stmt st(db, "SELECT name FROM pragma_table_info(" + quoted(table).replace('"', '\'') + ")");
    // pragma_table_info takes a string: the quoting above makes 'name'.
    while (st && sqlite3_step(st.s) == SQLITE_ROW)
        out.append(QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st.s, 0))));
    return out;
}

QString readMeta(sqlite3 *db, const QByteArray &identity, const char *key)
{
    Stmt st(db, "SELECT value FROM " + identity + " WHERE key = '" + key + "'");
    if (st && sqlite3_step(st.s) == SQLITE_ROW)
        return QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st.s, 0)));
    return {};
}

bool exec(sqlite3 *db, const QByteArray &sql, QString *why = nullptr)
{
    char *message = nullptr;
    const int rc = sqlite3_exec(db, sql.constData(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK && why)
        *why = QString::fromUtf8(message ? message : sqlite3_errstr(rc));
    sqlite3_free(message);
    return rc == SQLITE_OK;
}

// Copies the current row of `from` (columns 0..n-1) through `insert`.
bool copyRow(sqlite3_stmt *from, sqlite3_stmt *insert, int columns, int offset = 0)
{
    sqlite3_reset(insert);
    for (int i = 0; i < columns; ++i)
        sqlite3_bind_value(insert, i + 1, sqlite3_column_value(from, i + offset));
    return sqlite3_step(insert) == SQLITE_DONE && sqlite3_changes(sqlite3_db_handle(insert)) > 0;
}

struct Salvage {
    sqlite3 *source;
    sqlite3 *target;
    RepairReport::Table table;
    bool scanFailed = false;
};

// A rowid table: in rowid order, resuming past damaged pages.
void salvageByRowid(Salvage &s, const QByteArray &columnList, sqlite3_stmt *insert, int columns)
{
    // rowid >= ?1, not > : a seek past a key K that ends a page reads that
    // page (K is its parent's divider), so resuming "after" the last key of
    // a damaged page would fail and lose the next page's first row.
    const QByteArray sql = "SELECT rowid, " + columnList + " FROM " + quoted(s.table.name)
        + " WHERE rowid >= ?1 ORDER BY rowid";
    Stmt read(s.source, sql);
    if (!read) {
        s.scanFailed = true;
        return;
    }
    constexpr qint64 Lowest = std::numeric_limits<qint64>::min();
    constexpr qint64 Highest = std::numeric_limits<qint64>::max();
    auto plus = [](qint64 a, qint64 b) { return a > Highest - b ? Highest : a + b; };
    // Whether reading from rowid `from` gets past its first step: a seek
    // into a damaged page fails, one to the page after it does not.
    auto readable = [&](qint64 from) {
        sqlite3_reset(read.s);
        sqlite3_bind_int64(read.s, 1, from);
        const int rc = sqlite3_step(read.s);
        return rc == SQLITE_ROW || rc == SQLITE_DONE;
    };
    qint64 from = Lowest;
    for (int rounds = 0; rounds < 100000; ++rounds) {
        sqlite3_reset(read.s);
        sqlite3_bind_int64(read.s, 1, from);
        bool any = false;
        qint64 lastGood = 0;
        int rc;
        while ((rc = sqlite3_step(read.s)) == SQLITE_ROW) {
            any = true;
            lastGood = sqlite3_column_int64(read.s, 0);
            if (copyRow(read.s, insert, columns, 1))
                ++s.table.salvaged;
            else
                ++s.table.lost;
        }
        if (rc == SQLITE_DONE)
            return;
        s.scanFailed = true;
        // Reading from `bad` fails: the rows there are on a damaged page.
        // Find the first rowid past it that reads by doubling the distance
        // until one does, then halving it back, so that no readable row
        // beyond the page is skipped. (Rowids Quire makes start at 1.)
        qint64 bad = any ? plus(lastGood, 1) : (from == Lowest ? 1 : from);
        const qint64 base = bad;
        qint64 skip = 1;
        while (!readable(plus(base, skip))) {
            bad = plus(base, skip);
            if (skip > (qint64(1) << 40) || bad == Highest)
                return;
            skip *= 2;
        }
        qint64 good = plus(base, skip);
        while (good - bad > 1) {
            const qint64 middle = bad + (good - bad) / 2;
            (readable(middle) ? good : bad) = middle;
        }
        from = good;
    }
}

// A WITHOUT ROWID table: one scan; when it fails, per picture.
void salvageByScan(Salvage &s, const QStringList &columns, const QByteArray &columnList, sqlite3_stmt *insert)
{
    Stmt read(s.source, "SELECT " + columnList + " FROM " + quoted(s.table.name));
    int rc = SQLITE_ERROR;
    if (read) {
        while ((rc = sqlite3_step(read.s)) == SQLITE_ROW) {
            if (copyRow(read.s, insert, int(columns.size())))
                ++s.table.salvaged;
        }
    }
    if (rc == SQLITE_DONE)
        return;
    s.scanFailed = true;
    if (columns.value(0) != QLatin1String("picture_id"))
        return;
    Stmt pictures(s.target, "SELECT id FROM pictures");
    Stmt one(s.source, "SELECT " + columnList + " FROM " + quoted(s.table.name) + " WHERE picture_id = ?1");
    if (!pictures || !one)
        return;
    while (sqlite3_step(pictures.s) == SQLITE_ROW) {
        sqlite3_reset(one.s);
        sqlite3_bind_int64(one.s, 1, sqlite3_column_int64(pictures.s, 0));
        while (sqlite3_step(one.s) == SQLITE_ROW) {
            if (copyRow(one.s, insert, int(columns.size())))
                ++s.table.salvaged; // INSERT OR IGNORE: rows the scan got count once
        }
    }
}

Error repairError(const QString &folder, const TenantFormat &format, const QString &message)
{
    return Error(ErrorCode::Io, folder,
                 QStringLiteral("The %1 could not be repaired: %2").arg(format.kind(), message));
}

// No fsync here: the caller syncs each folder once, after all its renames.
bool renameEntry(const QString &from, const QString &to)
{
    return ::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0;
}

} // namespace

static Result<RepairReport> repairTenantFolderImpl(const QString &folderArgument, const TenantFormat &format,
                                                   const QUuid &knownUuid, const QString &knownName)
{
    const QByteArray identity = format.identityTable().toUtf8();
    const QString folder = QFileInfo(folderArgument).canonicalFilePath();
    if (folder.isEmpty())
        return Error(ErrorCode::NotFound, folderArgument, QStringLiteral("The folder does not exist."));
    const QString databasePath = Tenant::databasePathFor(folder, format);
    const QString quireFolder = QFileInfo(databasePath).absolutePath();
    const QFileInfo database(databasePath);
    if (!database.exists() && !database.isSymLink())
        return Error(ErrorCode::NotAnAlbum, folder,
                     QStringLiteral("There is no %1 database (%2) to repair here.")
                         .arg(format.kind(), format.databasePath()));

    RepairReport report;
    report.folder = folder;

    // The damaged file, read alone (immutable: no locks, no log, no -shm).
    sqlite3 *source = nullptr;
    auto closeSource = qScopeGuard([&] { sqlite3_close_v2(source); });
    if (database.isFile() && database.size() > 0) {
        const QByteArray uri = QUrl::fromLocalFile(databasePath).toEncoded() + "?immutable=1";
        if (sqlite3_open_v2(uri.constData(), &source, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) != SQLITE_OK) {
            sqlite3_close_v2(source);
            source = nullptr;
        } else {
            // Read-only, so defensive mode is not needed; writable_schema
            // lets SQLite read a file shorter than its header says (it
            // reports corruption at once otherwise) and is off under
            // defensive mode.
            sqlite3_db_config(source, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
            exec(source, "PRAGMA writable_schema = ON");
        }
    }

    QUuid uuid = source ? QUuid::fromString(readMeta(source, identity, "uuid")) : QUuid();
    if (uuid.isNull())
        uuid = knownUuid.isNull() ? QUuid::createUuid() : knownUuid;
    QString name = source ? readMeta(source, identity, "name") : QString();
    if (name.isEmpty())
        name = knownName;
    QString createdAt = source ? readMeta(source, identity, "created_at") : QString();
    if (createdAt.isEmpty())
        createdAt = QString::number(QDateTime::currentMSecsSinceEpoch());
    report.uuid = uuid;
    report.name = name;

    // The new database, built beside it under a temporary name.
    const QString building = databasePath + QStringLiteral(".repairing");
    QFile::remove(building);
    QFile::remove(building + QStringLiteral("-journal"));
    {
        ConnectionOptions o;
        o.create = true;
        o.label = folder;
        o.kind = format.kind();
        o.journal = JournalMode::Rollback;
        Result<std::unique_ptr<Connection>> made = Connection::open(building, o);
        if (!made)
            return made.error();
        Connection &fresh = **made;
        sqlite3 *target = fresh.handle();
        if (auto r = fresh.exec("PRAGMA application_id = " + QByteArray::number(format.applicationId())); !r)
            return r.error();
        if (auto r = detail::migrate(fresh, format, 0); !r)
            return r.error();
        QString why;
        if (!exec(target, "PRAGMA foreign_keys = OFF", &why) || !exec(target, "BEGIN", &why))
            return repairError(folder, format, why);

        // The album's identity first, then whatever else meta held.
        {
            Stmt meta(target, "INSERT OR REPLACE INTO " + identity
                                  + " (key, value) VALUES ('uuid', ?1), ('name', ?2), ('created_at', ?3)");
            const QByteArray u = uuid.toString(QUuid::WithoutBraces).toUtf8(), n = name.toUtf8();
            sqlite3_bind_text(meta.s, 1, u.constData(), int(u.size()), SQLITE_TRANSIENT);
            sqlite3_bind_text(meta.s, 2, n.constData(), int(n.size()), SQLITE_TRANSIENT);
            sqlite3_bind_int64(meta.s, 3, createdAt.toLongLong());
            if (sqlite3_step(meta.s) != SQLITE_DONE)
                return repairError(folder, format, QString::fromUtf8(sqlite3_errmsg(target)));
        }
        if (source) {
            Stmt read(source, "SELECT key, value FROM " + identity
                                  + " WHERE key NOT IN ('uuid', 'name', 'created_at', 'min_write_version')");
            Stmt insert(target, "INSERT OR IGNORE INTO " + identity + " (key, value) VALUES (?1, ?2)");
            while (read && insert && sqlite3_step(read.s) == SQLITE_ROW)
                copyRow(read.s, insert.s, 2);
        }

        QStringList tables;
        {
            Stmt list(target, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                              "AND name <> '" + identity + "' ORDER BY rowid");
            while (list && sqlite3_step(list.s) == SQLITE_ROW)
                tables.append(QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(list.s, 0))));
        }
        // Parents before children, so per-picture lookups find the pictures.
        for (const QString &table : std::as_const(tables)) {
            Salvage s{source, target, RepairReport::Table{table, 0, 0}};
            const QStringList targetColumns = columnsOf(target, table);
            const QStringList sourceColumns = source ? columnsOf(source, table) : QStringList();
            QStringList columns;
            for (const QString &c : targetColumns) {
                if (sourceColumns.contains(c))
                    columns.append(c);
            }
            if (columns.isEmpty()) {
                // Nothing readable of this table (or no database at all).
                s.table.lost = source ? -1 : 0;
                report.tables.append(s.table);
                continue;
            }
            QByteArray columnList, placeholders;
            for (qsizetype i = 0; i < columns.size(); ++i) {
                columnList += (i ? ", " : "") + quoted(columns.at(i));
                placeholders += (i ? ", ?" : "?") + QByteArray::number(i + 1);
            }
            Stmt insert(target, "INSERT OR IGNORE INTO " + quoted(table) + " (" + columnList + ") VALUES (" + placeholders + ")");
            if (!insert)
                return repairError(folder, format, QString::fromUtf8(sqlite3_errmsg(target)));
            const bool rowid = Stmt(source, "SELECT rowid FROM " + quoted(table) + " LIMIT 0").s != nullptr;
            if (rowid)
                salvageByRowid(s, columnList, insert.s, int(columns.size()));
            else
                salvageByScan(s, columns, columnList, insert.s);
            if (s.scanFailed) {
                // How many there were, if an index still says.
                Stmt count(source, "SELECT count(*) FROM " + quoted(table));
                if (count && sqlite3_step(count.s) == SQLITE_ROW)
                    s.table.lost = qMax<qint64>(0, sqlite3_column_int64(count.s, 0) - s.table.salvaged);
                else
                    s.table.lost = -1;
            }
            report.tables.append(s.table);
        }

        // Rows whose parent row was lost go too (tags of a lost picture).
        for (bool changed = true; changed;) {
            changed = false;
            for (RepairReport::Table &t : report.tables) {
                Stmt fks(target, "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list('" + t.name.toUtf8() + "')");
                while (fks && sqlite3_step(fks.s) == SQLITE_ROW) {
                    const QString from = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(fks.s, 0)));
                    const QString parent = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(fks.s, 1)));
                    const QString to = sqlite3_column_type(fks.s, 2) == SQLITE_NULL
                        ? QStringLiteral("rowid")
                        : QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(fks.s, 2)));
                    const QByteArray sql = "DELETE FROM " + quoted(t.name) + " WHERE " + quoted(from) + " IS NOT NULL AND "
                        + quoted(from) + " NOT IN (SELECT " + quoted(to) + " FROM " + quoted(parent) + ")";
                    if (!exec(target, sql, &why))
                        return repairError(folder, format, why);
                    if (const int gone = sqlite3_changes(target); gone > 0) {
                        t.salvaged -= gone;
                        if (t.lost >= 0)
                            t.lost += gone;
                        changed = true;
                    }
                }
            }
        }
        if (!exec(target, "COMMIT", &why))
            return repairError(folder, format, why);
        Result<Statement> check = fresh.prepare("PRAGMA integrity_check");
        Result<bool> row = check ? check->step() : Result<bool>(check.error());
        if (!row || !*row || check->text(0) != QLatin1String("ok"))
            return repairError(folder, format, QStringLiteral("the new database failed its integrity check"));
    }
    closeSource.dismiss();
    sqlite3_close_v2(source);
    source = nullptr;
    {
        QFile f(building);
        if (f.open(QIODevice::ReadWrite))
            ::fsync(f.handle());
    }

    // The original aside, byte for byte: the database (linked, so that an
    // album.db stays in place until the new one replaces it), then its log
    // and shared memory (moved: a log must never meet the new database).
    const QString aside = QDir(quireFolder).filePath(
        QStringLiteral("damaged-%1").arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-hhmmss-zzz"))));
    if (!QDir().mkpath(aside))
        return repairError(folder, format, QStringLiteral("cannot make %1").arg(aside));
    const QString keptDatabase = QDir(aside).filePath(QFileInfo(databasePath).fileName());
    const bool isFile = QFileInfo(databasePath).isFile() && !QFileInfo(databasePath).isSymLink();
    if (isFile) {
        if (::link(QFile::encodeName(databasePath).constData(), QFile::encodeName(keptDatabase).constData()) != 0)
            return repairError(folder, format, QStringLiteral("cannot keep the original database aside: %1")
                                           .arg(QString::fromLocal8Bit(std::strerror(errno))));
    }
    for (const char *suffix : {"-wal", "-shm"}) {
        const QString path = databasePath + QLatin1String(suffix);
        if (QFileInfo::exists(path) && !renameEntry(path, keptDatabase + QLatin1String(suffix)))
            return repairError(folder, format, QStringLiteral("cannot move %1 aside").arg(path));
    }
    if (!isFile && !renameEntry(databasePath, keptDatabase)) // a folder, or a link, where the database should be
        return repairError(folder, format, QStringLiteral("cannot move %1 aside").arg(format.databasePath()));
    detail::fsyncFolder(aside);
    if (!renameEntry(building, databasePath))
        return repairError(folder, format, QStringLiteral("cannot put the new database in place (the original is kept in %1)").arg(aside));
    detail::fsyncFolder(quireFolder);
    report.originalKeptIn = aside;
    return report;
}

Result<RepairReport> repairTenantFolder(const QString &folderArgument, const TenantFormat &format,
                                        const QUuid &knownUuid, const QString &knownName)
{
    return withKind(repairTenantFolderImpl(folderArgument, format, knownUuid, knownName), format.kind());
}

static Result<RepairReport> repairTenantImpl(Registry &registry, const QString &folderOrUuid)
{
    QString folder;
    QUuid uuid;
    QString name;
    const QUuid given = QUuid::fromString(folderOrUuid);
    const Result<QList<CatalogEntry>> catalog = registry.catalog();
    const QString canonical = QFileInfo(folderOrUuid).canonicalFilePath();
    if (catalog) {
        for (const CatalogEntry &e : *catalog) {
            if ((!given.isNull() && e.uuid == given) || (!canonical.isEmpty() && e.folder == canonical)) {
                folder = e.folder;
                uuid = e.uuid;
                name = e.name;
            }
        }
    }
    if (folder.isEmpty()) {
        if (canonical.isEmpty())
            return Error(ErrorCode::NotFound, folderOrUuid,
                         QStringLiteral("No such %1 folder, and no %1 with this UUID in the workspace.")
                             .arg(registry.format().kind()));
        folder = canonical;
    }
    if (!uuid.isNull() && !registry.find(uuid).isNull()) {
        if (auto r = registry.close(uuid); !r)
            return r.error();
    }
    Result<RepairReport> report = repairTenantFolder(folder, registry.format(), uuid, name);
    if (!report)
        return report;
    if (Result<Tenant> reopened = registry.open(folder); !reopened) {
        return Error(reopened.error().code(), folder,
                     QStringLiteral("The %1 was repaired (the original is kept in %2) but does not open: %3")
                         .arg(registry.format().kind(), report->originalKeptIn, reopened.error().message()));
    }
    return report;
}

Result<RepairReport> repairTenant(Registry &registry, const QString &folderOrUuid)
{
    return withKind(repairTenantImpl(registry, folderOrUuid), registry.format().kind());
}

} // namespace quire
