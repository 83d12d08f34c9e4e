#include "quire/tenant.h"

#include "quire/format.h"
#include "quire/session.h"
#include "format/identity.h"
#include "format/migrator.h"
#include "format/schema_text.h"
#include "tenant/tenant_private.h"
#include "base/fsync.h"

#include <QDir>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace quire {

Tenant::Tenant() = default;
Tenant::~Tenant() = default;
Tenant::Tenant(const Tenant &) = default;
Tenant &Tenant::operator=(const Tenant &) = default;
Tenant::Tenant(Tenant &&) noexcept = default;
Tenant &Tenant::operator=(Tenant &&) noexcept = default;
Tenant::Tenant(std::shared_ptr<TenantPrivate> d) : d(std::move(d)) {}

QString Tenant::databasePathFor(const QString &folder, const TenantFormat &format)
{
    return QDir(folder).filePath(format.databasePath());
}

namespace {

Error noFormat(const QString &folder)
{
    return Error(ErrorCode::InvalidArgument, folder,
                 QStringLiteral("No tenant format was given (TenantOptions::format is null)."));
}

Result<Tenant> createTenant(const QString &folderArgument, const QString &nameArgument,
                            const TenantOptions &options)
{
    const QString folder = QDir::cleanPath(QFileInfo(folderArgument).absoluteFilePath());
    const TenantFormat &format = options.format;
    if (format.isNull())
        return noFormat(folder);
    if (folderArgument.trimmed().isEmpty())
        return Error(ErrorCode::InvalidArgument, {}, QStringLiteral("No %1 folder was given.").arg(format.kind()));
    const QFileInfo info(folder);
    if (info.exists() && !info.isDir())
        return Error(ErrorCode::InvalidArgument, folder, QStringLiteral("This is a file, not a folder."));
    const QString databasePath = Tenant::databasePathFor(folder, format);
    if (QFileInfo(databasePath).exists() || QFileInfo(databasePath).isSymLink()) {
        return Error(ErrorCode::AlreadyExists, folder,
                     QStringLiteral("This folder is already a %1 %2.").arg(format.program(), format.kind()));
    }
    const QString name = nameArgument.trimmed().isEmpty() ? info.fileName() : nameArgument.trimmed();
    const QString quireFolder = QDir(folder).filePath(format.controlFolder());
    if (QFileInfo(quireFolder).isSymLink()) {
        return Error(ErrorCode::InvalidArgument, folder,
                     QStringLiteral("%1 is a symbolic link; the %2's files must lie inside its folder.")
                         .arg(format.controlFolder(), format.kind()));
    }
    if (!QDir().mkpath(quireFolder)) {
        return Error(ErrorCode::Io, folder,
                     QStringLiteral("The folder %1 cannot be made; check the permissions of its "
                                    "parent folder.").arg(quireFolder));
    }

    // Built under a temporary name and renamed into place when complete, so
    // a crash half-way never leaves something that looks like an album.
    const QString building = databasePath + QStringLiteral(".new");
    QFile::remove(building);
    QFile::remove(building + QStringLiteral("-journal"));
    {
        ConnectionOptions o;
        o.create = true;
        o.label = folder;
        o.kind = format.kind();
        o.journal = JournalMode::Rollback; // one file to rename; WAL comes on first open
        Result<std::unique_ptr<Connection>> connection = Connection::open(building, o);
        if (!connection)
            return connection.error();
        Connection &db = **connection;
        if (auto r = db.exec("PRAGMA application_id = " + QByteArray::number(format.applicationId())); !r)
            return r.error();
        if (auto r = detail::migrate(db, format, 0); !r)
            return r.error();
        Result<Statement> meta = db.prepare(detail::identitySql(format.identityTable(), "INSERT INTO ",
                                                                " (key, value) VALUES "
                                                                "('uuid', ?1), ('name', ?2), ('created_at', ?3)"));
        if (!meta)
            return meta.error();
        meta->bind(1, QUuid::createUuid().toString(QUuid::WithoutBraces))
            .bind(2, name)
            .bind(3, QDateTime::currentMSecsSinceEpoch());
        if (auto r = meta->run(); !r)
            return r.error();
    }
    if (::rename(QFile::encodeName(building).constData(),
                 QFile::encodeName(databasePath).constData()) != 0) {
        QFile::remove(building);
        return Error(ErrorCode::Io, folder,
                     QStringLiteral("The %1 database could not be put in place: %2")
                         .arg(format.kind(), QString::fromLocal8Bit(strerror(errno))));
    }
    detail::fsyncFolder(quireFolder);
    return Tenant::open(folder, options);
}

} // namespace

Result<Tenant> Tenant::open(const QString &folder, const TenantOptions &options)
{
    if (options.format.isNull())
        return noFormat(folder);
    Result<std::shared_ptr<TenantPrivate>> opened = TenantPrivate::open(folder, options);
    if (!opened)
        return opened.error().withKind(options.format.kind());
    return Tenant(std::move(*opened));
}

Result<Tenant> Tenant::create(const QString &folderArgument, const QString &nameArgument,
                            const TenantOptions &options)
{
    return withKind(createTenant(folderArgument, nameArgument, options), options.format.kind());
}

TenantFormat Tenant::format() const { return d ? d->format : TenantFormat(); }
QString Tenant::folder() const { return d ? d->folder : QString(); }
QString Tenant::databasePath() const { return d ? d->databasePath : QString(); }
QUuid Tenant::uuid() const { return d ? d->uuid : QUuid(); }
QString Tenant::name() const { return d ? d->name() : QString(); }
QDateTime Tenant::createdAt() const { return d ? d->createdAt : QDateTime(); }
int Tenant::schemaVersion() const { return d ? d->schemaVersion : 0; }
JournalMode Tenant::journalMode() const { return d ? d->journal : JournalMode::Wal; }
bool Tenant::isReadOnly() const { return d && d->readOnly; }
QString Tenant::readOnlyReason() const { return d ? d->readOnlyReason : QString(); }
bool Tenant::isClosed() const { return !d || d->isClosed(); }
int Tenant::leasedConnections() const { return d ? d->leased() : 0; }
quint64 Tenant::writeSerial() const { return d ? d->writeSerial.load() : 0; }
int Tenant::openConnections() const { return d ? d->openConnections() : 0; }

Result<Session> Tenant::session(Access access, const QString &purpose) const
{
    if (!d)
        return Error(ErrorCode::InvalidArgument, {}, QStringLiteral("No tenant is open."));
    return withKind(d->lease(access, purpose), d->format.kind());
}

void Tenant::releaseIdleMemory()
{
    if (d)
        d->releaseIdleMemory();
}

Result<Session> Tenant::read() const { return session(Access::Read); }
Result<Session> Tenant::write() const { return session(Access::Write); }

Result<void> Tenant::close(std::chrono::milliseconds wait)
{
    if (!d)
        return {};
    return withKind(d->close(wait), d->format.kind());
}

Result<void> TenantPrivate::assignNewUuid()
{
    Result<Session> session = lease(Access::Write, QStringLiteral("new %1 UUID").arg(format.kind()));
    if (!session)
        return session.error();
    const QUuid fresh = QUuid::createUuid();
    Result<Statement> update = session->connection().prepare(
        detail::identitySql(format.identityTable(), "UPDATE ", " SET value = ?1 WHERE key = 'uuid'"));
    if (!update)
        return update.error();
    if (auto r = update->bind(1, fresh.toString(QUuid::WithoutBraces)).run(); !r)
        return r;
    uuid = fresh;
    return {};
}

Result<void> Tenant::setName(const QString &nameArgument)
{
    const QString name = nameArgument.trimmed();
    if (name.isEmpty())
        return Error(ErrorCode::InvalidArgument, folder(),
                     QStringLiteral("A %1 name cannot be empty.").arg(d ? d->format.kind() : QStringLiteral("tenant")));
    Result<Session> session = write();
    if (!session)
        return session.error();
    Result<Statement> statement = session->connection().prepare(
        detail::identitySql(d->format.identityTable(), "INSERT INTO ",
                            " (key, value) VALUES ('name', ?1) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    if (!statement)
        return statement.error();
    if (auto r = statement->bind(1, name).run(); !r)
        return r;
    d->setCachedName(name);
    return {};
}

Result<CheckReport> Tenant::check() const
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
    if (d->schemaVersion <= d->format.latestVersion()
        && !d->format.acceptsSchema(detail::schemaText(db.handle()), d->schemaVersion)) {
        report.problems.append(QStringLiteral("the tables differ from %1's schema %2")
                                   .arg(d->format.program())
                                   .arg(d->schemaVersion));
    }
    report.ok = report.problems.isEmpty();
    return report;
}

} // namespace quire
