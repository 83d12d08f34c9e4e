#include "quire/album.h"

#include "quire/format.h"
#include "quire/session.h"
#include "format/migrator.h"
#include "format/schema_text.h"
#include "session/album_private.h"
#include "sqlite/storage.h"

#include <QDir>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace quire {

Album::Album() = default;
Album::~Album() = default;
Album::Album(const Album &) = default;
Album &Album::operator=(const Album &) = default;
Album::Album(std::shared_ptr<AlbumPrivate> d) : d(std::move(d)) {}

QString Album::databasePathFor(const QString &folder)
{
    return QDir(folder).filePath(QStringLiteral(".quire/album.db"));
}

Result<Album> Album::open(const QString &folder, const AlbumOptions &options)
{
    Result<std::shared_ptr<AlbumPrivate>> opened = AlbumPrivate::open(folder, options);
    if (!opened)
        return opened.error();
    return Album(std::move(*opened));
}

Result<Album> Album::create(const QString &folderArgument, const QString &nameArgument,
                            const AlbumOptions &options)
{
    const QString folder = QDir::cleanPath(QFileInfo(folderArgument).absoluteFilePath());
    if (folderArgument.trimmed().isEmpty())
        return Error(ErrorCode::InvalidArgument, {}, QStringLiteral("No album folder was given."));
    const QFileInfo info(folder);
    if (info.exists() && !info.isDir())
        return Error(ErrorCode::InvalidArgument, folder, QStringLiteral("This is a file, not a folder."));
    if (QFileInfo::exists(databasePathFor(folder))) {
        return Error(ErrorCode::AlreadyExists, folder,
                     QStringLiteral("This folder is already a Quire album."));
    }
    const QString name = nameArgument.trimmed().isEmpty() ? info.fileName() : nameArgument.trimmed();
    const QString quireFolder = QDir(folder).filePath(QStringLiteral(".quire"));
    if (!QDir().mkpath(quireFolder)) {
        return Error(ErrorCode::Io, folder,
                     QStringLiteral("The folder %1 cannot be made; check the permissions of its "
                                    "parent folder.").arg(quireFolder));
    }

    // Built under a temporary name and renamed into place when complete, so
    // a crash half-way never leaves something that looks like an album.
    const QString building = QDir(quireFolder).filePath(QStringLiteral("album.db.new"));
    QFile::remove(building);
    QFile::remove(building + QStringLiteral("-journal"));
    const AlbumFormat &format = options.format ? *options.format : AlbumFormat::current();
    {
        ConnectionOptions o;
        o.create = true;
        o.label = folder;
        o.journal = JournalMode::Rollback; // one file to rename; WAL comes on first open
        Result<std::unique_ptr<Connection>> connection = Connection::open(building, o);
        if (!connection)
            return connection.error();
        Connection &db = **connection;
        if (auto r = db.exec("PRAGMA application_id = " + QByteArray::number(AlbumFormat::ApplicationId)); !r)
            return r.error();
        if (auto r = detail::migrate(db, format, 0); !r)
            return r.error();
        Result<Statement> meta = db.prepare("INSERT INTO meta (key, value) VALUES "
                                            "('uuid', ?1), ('name', ?2), ('created_at', ?3)");
        if (!meta)
            return meta.error();
        meta->bind(1, QUuid::createUuid().toString(QUuid::WithoutBraces))
            .bind(2, name)
            .bind(3, QDateTime::currentMSecsSinceEpoch());
        if (auto r = meta->run(); !r)
            return r.error();
    }
    if (::rename(QFile::encodeName(building).constData(),
                 QFile::encodeName(databasePathFor(folder)).constData()) != 0) {
        QFile::remove(building);
        return Error(ErrorCode::Io, folder,
                     QStringLiteral("The album database could not be put in place: %1")
                         .arg(QString::fromLocal8Bit(strerror(errno))));
    }
    detail::syncDirectory(quireFolder);
    return open(folder, options);
}

QString Album::folder() const { return d ? d->folder : QString(); }
QString Album::databasePath() const { return d ? d->databasePath : QString(); }
QUuid Album::uuid() const { return d ? d->uuid : QUuid(); }
QString Album::name() const { return d ? d->name() : QString(); }
QDateTime Album::createdAt() const { return d ? d->createdAt : QDateTime(); }
int Album::schemaVersion() const { return d ? d->schemaVersion : 0; }
JournalMode Album::journalMode() const { return d ? d->journal : JournalMode::Wal; }
bool Album::isReadOnly() const { return d && d->readOnly; }
QString Album::readOnlyReason() const { return d ? d->readOnlyReason : QString(); }
bool Album::isClosed() const { return !d || d->isClosed(); }
int Album::leasedConnections() const { return d ? d->leased() : 0; }
int Album::openConnections() const { return d ? d->openConnections() : 0; }

Result<Session> Album::session(Access access, const QString &purpose) const
{
    if (!d)
        return Error(ErrorCode::InvalidArgument, {}, QStringLiteral("No album is open."));
    return d->lease(access, purpose);
}

void Album::releaseIdleMemory()
{
    if (d)
        d->releaseIdleMemory();
}

Result<Session> Album::read() const { return session(Access::Read); }
Result<Session> Album::write() const { return session(Access::Write); }

Result<void> Album::close(std::chrono::milliseconds wait)
{
    if (!d)
        return {};
    return d->close(wait);
}

Result<void> AlbumPrivate::assignNewUuid()
{
    Result<Session> session = lease(Access::Write, QStringLiteral("new album UUID"));
    if (!session)
        return session.error();
    const QUuid fresh = QUuid::createUuid();
    Result<Statement> update = session->connection().prepare("UPDATE meta SET value = ?1 WHERE key = 'uuid'");
    if (!update)
        return update.error();
    if (auto r = update->bind(1, fresh.toString(QUuid::WithoutBraces)).run(); !r)
        return r;
    uuid = fresh;
    return {};
}

Result<void> Album::setName(const QString &nameArgument)
{
    const QString name = nameArgument.trimmed();
    if (name.isEmpty())
        return Error(ErrorCode::InvalidArgument, folder(), QStringLiteral("An album name cannot be empty."));
    Result<Session> session = write();
    if (!session)
        return session.error();
    Result<Statement> statement = session->connection().prepare(
        "INSERT INTO meta (key, value) VALUES ('name', ?1) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!statement)
        return statement.error();
    if (auto r = statement->bind(1, name).run(); !r)
        return r;
    d->setCachedName(name);
    return {};
}

Result<CheckReport> Album::check() const
{
    Result<Session> session = read();
    if (!session)
        return session.error();
    Connection &db = session->connection();
    CheckReport report;
    Result<Statement> integrity = db.prepare("PRAGMA integrity_check");
    if (!integrity)
        return integrity.error();
    for (;;) {
        Result<bool> row = integrity->step();
        if (!row) {
            report.problems.append(row.error().message());
            break;
        }
        if (!*row)
            break;
        const QString line = integrity->text(0);
        if (line != QLatin1String("ok"))
            report.problems.append(line);
    }
    Result<Statement> foreignKeys = db.prepare("PRAGMA foreign_key_check");
    if (foreignKeys) {
        while (true) {
            Result<bool> row = foreignKeys->step();
            if (!row || !*row)
                break;
            // WITHOUT ROWID tables (picture_tags) report no row number.
            const QString where = foreignKeys->isNull(1) ? QStringLiteral("a row")
                                                       : QStringLiteral("row %1").arg(foreignKeys->int64(1));
            report.problems.append(QStringLiteral("%1 of table %2 refers to a missing row of %3")
                                       .arg(where, foreignKeys->text(0), foreignKeys->text(2)));
        }
    }
    if (d->schemaVersion <= d->format->latestVersion()
        && detail::schemaText(db.handle()) != d->format->fingerprint(d->schemaVersion)) {
        report.problems.append(QStringLiteral("the tables differ from Quire's schema %1")
                                   .arg(d->schemaVersion));
    }
    report.ok = report.problems.isEmpty();
    return report;
}

} // namespace quire
