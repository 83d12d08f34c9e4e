// The verbs about the workspace's albums as a set: open, close, forget,
// list, scan, migrate, stats. Each is one Registry call; this file only
// turns what the registry reports into lines and JSON.

#include "commands.h"

#include <quire/album_registry.h>
#include <quire/album.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

#include <optional>

namespace quirectl {

namespace {

using Status = quire::MigrationReport::Status;

QJsonArray uuidsJson(const QList<QUuid> &uuids)
{
    QJsonArray json;
    for (const QUuid &uuid : uuids)
        json.append(uuidText(uuid));
    return json;
}

// An empty string is "none": null in JSON, "-" in a tab-separated line.
QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QString orDash(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("-") : text;
}

// The album as open/close/forget print it: "uuid<TAB>folder", or an object.
QJsonObject albumJson(const QUuid &uuid, const QString &folder, const QString &name)
{
    return QJsonObject{{QStringLiteral("uuid"), uuidText(uuid)},
                       {QStringLiteral("folder"), folder},
                       {QStringLiteral("name"), name}};
}

QString albumLine(const QUuid &uuid, const QString &folder)
{
    return uuidText(uuid) + QLatin1Char('\t') + folder;
}

QString statusName(Status status)
{
    switch (status) {
    case Status::UpToDate: return QStringLiteral("up-to-date");
    case Status::WouldUpgrade: return QStringLiteral("would-upgrade");
    case Status::Upgraded: return QStringLiteral("upgraded");
    case Status::Failed: return QStringLiteral("failed");
    }
    return QStringLiteral("unknown");
}

// A schema version of 0 means the migration could not read it.
QJsonValue versionJson(int version)
{
    return version > 0 ? QJsonValue(version) : QJsonValue();
}

QString versionText(int version)
{
    return version > 0 ? QString::number(version) : QStringLiteral("?");
}

// The catalog entry for folder, matched as the catalog writes folders
// (canonical) or, for a folder that is gone, as an absolute clean path.
std::optional<quire::CatalogEntry> entryForFolder(const QList<quire::CatalogEntry> &entries,
                                                  const QString &folder)
{
    const QFileInfo info(folder);
    const QString canonical = info.canonicalFilePath();
    const QString absolute = QDir::cleanPath(info.absoluteFilePath());
    for (const quire::CatalogEntry &entry : entries) {
        if ((!canonical.isEmpty() && entry.folder == canonical) || entry.folder == absolute)
            return entry;
    }
    return std::nullopt;
}

std::optional<quire::CatalogEntry> entryForUuid(const QList<quire::CatalogEntry> &entries,
                                                const QUuid &uuid)
{
    for (const quire::CatalogEntry &entry : entries) {
        if (entry.uuid == uuid)
            return entry;
    }
    return std::nullopt;
}

// quirectl runs tuneProcess(), so SQLite does not count its memory: those
// figures are null (-1 in RegistryStats), the heap's is the one to read.
QJsonValue counted(qint64 value)
{
    return value < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

QString bytes(qint64 value)
{
    return value < 0 ? QStringLiteral("not counted") : QStringLiteral("%1 bytes").arg(value);
}

} // namespace

int runOpen(Context &context)
{
    const quire::OpenMode mode = context.arguments.flag(QStringLiteral("--as-copy"))
        ? quire::OpenMode::AsCopy
        : quire::OpenMode::Normal;
    QJsonArray json;
    QStringList lines;
    bool anyFailed = false;
    // One folder that fails does not keep the others from opening.
    for (const QString &folder : context.arguments.positionals) {
        const quire::Result<quire::Album> album = context.registry.open(folder, mode);
        if (!album) {
            anyFailed = true;
            context.output.problem(album.error());
            json.append(QJsonObject{{QStringLiteral("argument"), folder},
                                    {QStringLiteral("error"), errorJson(album.error())}});
            continue;
        }
        QJsonObject opened = albumJson(album->uuid(), album->folder(), album->name());
        opened.insert(QStringLiteral("argument"), folder);
        json.append(opened);
        lines.append(albumLine(album->uuid(), album->folder()));
    }
    context.output.result(json, lines.join(u'\n'));
    return anyFailed ? ExitFailed : ExitOk;
}

int runClose(Context &context)
{
    const quire::Result<quire::Album> album = albumArgument(context);
    if (!album)
        return context.output.failed(album.error());
    const QUuid uuid = album->uuid();
    const QString folder = album->folder();
    const QString name = album->name();
    if (const quire::Result<void> closed = context.registry.close(uuid); !closed)
        return context.output.failed(closed.error());
    context.output.result(albumJson(uuid, folder, name), albumLine(uuid, folder));
    return ExitOk;
}

int runForget(Context &context)
{
    const QString given = context.arguments.positionals.at(0);
    const quire::Result<QList<quire::CatalogEntry>> known = context.registry.catalog();
    if (!known)
        return context.output.failed(known.error());

    // A missing album cannot be resolved (its folder is gone), so the
    // catalog is asked first: by UUID, then by the folder it was last seen in.
    QUuid uuid = QUuid::fromString(given);
    std::optional<quire::CatalogEntry> entry;
    if (!uuid.isNull() && !QFileInfo::exists(given)) {
        entry = entryForUuid(*known, uuid); // none: Registry::forget says so
    } else {
        entry = entryForFolder(*known, given);
        if (!entry) {
            // An album moved outside Quire is known under its old folder:
            // opening it here follows it by UUID.
            const quire::Result<quire::Album> album = albumArgument(context);
            if (!album)
                return context.output.failed(album.error());
            entry = quire::CatalogEntry{album->uuid(), album->folder(), album->name(), {}, {}, {}};
        }
        uuid = entry->uuid;
    }
    if (const quire::Result<void> forgotten = context.registry.forget(uuid); !forgotten)
        return context.output.failed(forgotten.error());
    const QString folder = entry ? entry->folder : QString();
    const QString name = entry ? entry->name : QString();
    context.output.result(albumJson(uuid, folder, name), albumLine(uuid, folder));
    return ExitOk;
}

int runList(Context &context)
{
    const quire::Result<QList<quire::CatalogEntry>> entries = context.registry.catalog();
    if (!entries)
        return context.output.failed(entries.error());
    QJsonArray json;
    QStringList lines;
    for (const quire::CatalogEntry &entry : *entries) {
        const QString lastSeen = entry.lastSeen.isValid()
            ? entry.lastSeen.toUTC().toString(Qt::ISODateWithMs)
            : QString();
        const QString state = quire::Registry::stateName(entry.state);
        json.append(QJsonObject{{QStringLiteral("uuid"), uuidText(entry.uuid)},
                                {QStringLiteral("name"), entry.name},
                                {QStringLiteral("folder"), entry.folder},
                                {QStringLiteral("state"), state},
                                {QStringLiteral("last_seen"), orNull(lastSeen)},
                                {QStringLiteral("problem"), orNull(entry.problem)}});
        // uuid, name, folder, state, last seen, problem: tab-separated for cut(1).
        lines.append(QStringList{uuidText(entry.uuid), entry.name, entry.folder, state,
                                 orDash(lastSeen), orDash(entry.problem)}
                         .join(u'\t'));
    }
    context.output.result(json, lines.join(u'\n'));
    return ExitOk;
}

int runScan(Context &context)
{
    const QString folder = context.arguments.positionals.at(0);
    const quire::Result<quire::ScanReport> report = context.registry.scan(folder);
    if (!report)
        return context.output.failed(report.error());

    // Problems are part of what a scan finds, not a failure of the scan.
    QJsonArray problems;
    QString problemLines;
    for (const quire::Error &problem : report->problems) {
        problems.append(errorJson(problem));
        problemLines += QStringLiteral("  %1\n").arg(problem.toString());
    }
    const QJsonObject json{{QStringLiteral("folder"), QFileInfo(folder).canonicalFilePath()},
                           {QStringLiteral("found"), uuidsJson(report->found)},
                           {QStringLiteral("added"), uuidsJson(report->added)},
                           {QStringLiteral("moved"), uuidsJson(report->moved)},
                           {QStringLiteral("missing"), uuidsJson(report->missing)},
                           {QStringLiteral("problems"), problems}};
    const QString text = QStringLiteral("found:    %1\n"
                                        "added:    %2\n"
                                        "moved:    %3\n"
                                        "missing:  %4\n"
                                        "problems: %5\n")
                             .arg(report->found.size())
                             .arg(report->added.size())
                             .arg(report->moved.size())
                             .arg(report->missing.size())
                             .arg(report->problems.size())
        + problemLines;
    context.output.result(json, text);
    return ExitOk;
}

int runMigrate(Context &context)
{
    // --all is required by the verb table: there is no one-album migrate
    // (opening an album migrates it).
    const bool dryRun = context.arguments.flag(QStringLiteral("--dry-run"));
    const quire::Result<quire::MigrationReport> report = context.registry.migrateAll(dryRun);
    if (!report)
        return context.output.failed(report.error());

    QJsonArray albums;
    QStringList lines;
    for (const quire::MigrationReport::Entry &entry : report->entries) {
        albums.append(QJsonObject{{QStringLiteral("uuid"), uuidText(entry.uuid)},
                                  {QStringLiteral("folder"), entry.folder},
                                  {QStringLiteral("from_version"), versionJson(entry.fromVersion)},
                                  {QStringLiteral("to_version"), versionJson(entry.toVersion)},
                                  {QStringLiteral("status"), statusName(entry.status)},
                                  {QStringLiteral("message"), orNull(entry.message)},
                                  {QStringLiteral("code"), entry.status == Status::Failed
                                                               ? QJsonValue(quire::Error::codeName(entry.code))
                                                               : QJsonValue()}});
        // uuid, folder, from->to, status, message: tab-separated for cut(1).
        lines.append(QStringList{uuidText(entry.uuid), entry.folder,
                                 versionText(entry.fromVersion) + QStringLiteral("->")
                                     + versionText(entry.toVersion),
                                 statusName(entry.status), orDash(entry.message)}
                         .join(u'\t'));
    }
    const int upToDate = report->count(Status::UpToDate);
    const int wouldUpgrade = report->count(Status::WouldUpgrade);
    const int upgraded = report->count(Status::Upgraded);
    const int failed = report->count(Status::Failed);
    const QJsonObject summary{{QStringLiteral("albums"), int(report->entries.size())},
                              {QStringLiteral("up_to_date"), upToDate},
                              {QStringLiteral("would_upgrade"), wouldUpgrade},
                              {QStringLiteral("upgraded"), upgraded},
                              {QStringLiteral("failed"), failed}};
    lines.append(QStringLiteral("%1%2 %3: %4 up-to-date, %5 would-upgrade, %6 upgraded, %7 failed")
                     .arg(report->dryRun ? QStringLiteral("dry run: ") : QString())
                     .arg(report->entries.size())
                     .arg(report->entries.size() == 1 ? QStringLiteral("album") : QStringLiteral("albums"))
                     .arg(upToDate)
                     .arg(wouldUpgrade)
                     .arg(upgraded)
                     .arg(failed));
    context.output.result(QJsonObject{{QStringLiteral("dry_run"), report->dryRun},
                                      {QStringLiteral("albums"), albums},
                                      {QStringLiteral("summary"), summary}},
                          lines.join(u'\n'));

    // Each album that failed also gets its line on stderr, as any failure does.
    for (const quire::MigrationReport::Entry &entry : report->entries) {
        if (entry.status == Status::Failed)
            context.output.problem(context.registry.format().kind(), entry.folder, entry.message);
    }
    return failed > 0 ? ExitFailed : ExitOk;
}

int runStats(Context &context)
{
    // stats() counts the catalog quietly; a workspace that cannot be read
    // must not pass for an empty one.
    if (const quire::Result<QList<quire::CatalogEntry>> known = context.registry.catalog(); !known)
        return context.output.failed(known.error());
    const quire::RegistryStats s = context.registry.stats();
    const QJsonObject json{
        {QStringLiteral("albums_known"), s.tenantsKnown},
        {QStringLiteral("albums_open"), s.tenantsOpen},
        {QStringLiteral("connections_open"), s.connectionsOpen},
        {QStringLiteral("connections_leased"), s.connectionsLeased},
        {QStringLiteral("connections_peak"), s.connectionsPeak},
        {QStringLiteral("connection_cap"), s.connectionCap},
        {QStringLiteral("evictions"), s.evictions},
        {QStringLiteral("file_descriptors"), s.fileDescriptors},
        {QStringLiteral("sqlite_memory_used"), counted(s.sqliteMemoryUsed)},
        {QStringLiteral("sqlite_memory_highwater"), counted(s.sqliteMemoryHighwater)},
        {QStringLiteral("heap_bytes_in_use"), counted(s.heapBytesInUse)},
        {QStringLiteral("idle_page_cache_bytes"), s.idlePageCacheBytes},
    };
    const QString text = QStringLiteral("albums known:            %1\n"
                                        "albums open:             %2\n"
                                        "connections open:        %3\n"
                                        "connections leased:      %4\n"
                                        "connections peak:        %5\n"
                                        "connection cap:          %6\n"
                                        "evictions:               %7\n"
                                        "file descriptors:        %8\n"
                                        "sqlite memory used:      %9\n")
                             .arg(s.tenantsKnown)
                             .arg(s.tenantsOpen)
                             .arg(s.connectionsOpen)
                             .arg(s.connectionsLeased)
                             .arg(s.connectionsPeak)
                             .arg(s.connectionCap)
                             .arg(s.evictions)
                             .arg(s.fileDescriptors)
                             .arg(bytes(s.sqliteMemoryUsed))
        + QStringLiteral("sqlite memory highwater: %1\n"
                         "heap in use:             %2\n"
                         "idle page cache:         %3 bytes\n")
              .arg(bytes(s.sqliteMemoryHighwater), bytes(s.heapBytesInUse))
              .arg(s.idlePageCacheBytes);
    context.output.result(json, text);
    return ExitOk;
}

} // namespace quirectl
