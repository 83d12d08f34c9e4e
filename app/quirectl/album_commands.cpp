// The verbs about an album as a whole: create, info, check, repair.

#include "commands.h"

#include <quire/album_registry.h>
#include <quire/album.h>
#include <quire/tags.h>
#include <quire/pictures.h>
#include <quire/album_folders.h>
#include <quire/session.h>

#include <QJsonArray>

namespace quirectl {

namespace {

QString journalName(quire::JournalMode mode)
{
    return mode == quire::JournalMode::Wal ? QStringLiteral("wal") : QStringLiteral("rollback");
}

QString timestamp(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

quire::Result<quire::Album> albumArgument(Context &context)
{
    return context.registry.resolve(context.arguments.positionals.at(0));
}

int runCreate(Context &context)
{
    const quire::Result<quire::Album> album =
        context.registry.create(context.arguments.positionals.at(0),
                                context.arguments.option(QStringLiteral("--name")));
    if (!album)
        return context.output.failed(album.error());
    const QString uuid = album->uuid().toString(QUuid::WithoutBraces);
    context.output.result(QJsonObject{{QStringLiteral("uuid"), uuid},
                                      {QStringLiteral("folder"), album->folder()},
                                      {QStringLiteral("name"), album->name()}},
                          uuid);
    return ExitOk;
}

int runInfo(Context &context)
{
    const quire::Result<quire::Album> album = albumArgument(context);
    if (!album)
        return context.output.failed(album.error());
    quire::Result<quire::Session> session = album->read();
    if (!session)
        return context.output.failed(session.error());
    const quire::Result<qint64> pictures = quire::Pictures(*session).count();
    if (!pictures)
        return context.output.failed(pictures.error());
    const quire::Result<QList<quire::Tag>> tags = quire::Tags(*session).all();
    if (!tags)
        return context.output.failed(tags.error());

    const QString uuid = album->uuid().toString(QUuid::WithoutBraces);
    const QString journal = journalName(album->journalMode());
    const QString created = timestamp(album->createdAt());
    const QJsonObject json{
        {QStringLiteral("uuid"), uuid},
        {QStringLiteral("name"), album->name()},
        {QStringLiteral("folder"), album->folder()},
        {QStringLiteral("schema_version"), album->schemaVersion()},
        {QStringLiteral("journal_mode"), journal},
        {QStringLiteral("read_only"), album->isReadOnly()},
        {QStringLiteral("read_only_reason"),
         album->isReadOnly() ? QJsonValue(album->readOnlyReason()) : QJsonValue()},
        {QStringLiteral("created_at"), created},
        {QStringLiteral("pictures"), *pictures},
        {QStringLiteral("tags"), tags->size()},
    };
    const QString readOnly = album->isReadOnly()
        ? QStringLiteral("yes (%1)").arg(album->readOnlyReason())
        : QStringLiteral("no");
    const QString text = QStringLiteral("uuid:           %1\n"
                                        "name:           %2\n"
                                        "folder:         %3\n"
                                        "schema version: %4\n"
                                        "journal mode:   %5\n"
                                        "read-only:      %6\n"
                                        "created at:     %7\n"
                                        "pictures:       %8\n"
                                        "tags:           %9\n")
                             .arg(uuid, album->name(), album->folder())
                             .arg(album->schemaVersion())
                             .arg(journal, readOnly, created)
                             .arg(*pictures)
                             .arg(tags->size());
    context.output.result(json, text);
    return ExitOk;
}

namespace {

// check --all: every album of the catalog, one line each.
int runCheckAll(Context &context)
{
    const quire::Result<QList<quire::CatalogEntry>> entries = context.registry.catalog();
    if (!entries)
        return context.output.failed(entries.error());
    QJsonArray json;
    QStringList lines;
    int problems = 0;
    for (const quire::CatalogEntry &entry : *entries) {
        QString state = QStringLiteral("ok");
        QStringList found;
        const quire::Result<quire::Album> album = context.registry.open(entry.folder);
        if (!album) {
            // Opening says why: damaged, missing, locked, ...
            const quire::Result<QList<quire::CatalogEntry>> now = context.registry.catalog();
            state = quire::Registry::stateName(entry.state);
            if (now) {
                for (const quire::CatalogEntry &e : *now) {
                    if (e.uuid == entry.uuid)
                        state = quire::Registry::stateName(e.state);
                }
            }
            found.append(album.error().message());
        } else if (album->uuid() != entry.uuid) {
            state = QStringLiteral("missing");
            found.append(QStringLiteral("the folder now holds another album"));
        } else {
            const quire::Result<quire::CheckReport> report = album->check();
            if (!report) {
                state = QStringLiteral("damaged");
                found.append(report.error().message());
            } else if (!report->ok) {
                state = QStringLiteral("damaged");
                found = report->problems;
            }
        }
        const bool ok = found.isEmpty();
        problems += ok ? 0 : 1;
        json.append(QJsonObject{{QStringLiteral("uuid"), entry.uuid.toString(QUuid::WithoutBraces)},
                                {QStringLiteral("name"), entry.name},
                                {QStringLiteral("folder"), entry.folder},
                                {QStringLiteral("state"), state},
                                {QStringLiteral("ok"), ok},
                                {QStringLiteral("problems"), QJsonArray::fromStringList(found)}});
        // uuid, folder, state, first problem: tab-separated for cut(1).
        lines.append(QStringList{entry.uuid.toString(QUuid::WithoutBraces), entry.folder, state,
                                 ok ? QStringLiteral("-") : found.constFirst().simplified()}
                         .join(u'\t'));
    }
    context.output.result(json, lines.join(u'\n'));
    if (problems == 0)
        return ExitOk;
    for (const QJsonValue &v : std::as_const(json)) {
        const QJsonObject o = v.toObject();
        if (!o.value(QStringLiteral("ok")).toBool())
            context.output.problem(context.registry.format().kind(), o.value(QStringLiteral("folder")).toString(),
                                   o.value(QStringLiteral("problems")).toArray().first().toString());
    }
    return ExitFailed;
}

} // namespace

int runRepair(Context &context)
{
    const quire::Result<quire::RepairReport> report =
        quire::repairAlbum(context.registry, context.arguments.positionals.at(0));
    if (!report)
        return context.output.failed(report.error());
    QJsonArray tables;
    QStringList lines{QStringLiteral("repaired %1 (%2): %3 rows salvaged, %4 lost%5; the original is kept in %6")
                          .arg(report->folder, report->uuid.toString(QUuid::WithoutBraces))
                          .arg(report->salvaged())
                          .arg(report->lost())
                          .arg(report->lossUnknown() ? QStringLiteral(" (and an unknown number)") : QString(),
                               report->originalKeptIn)};
    for (const quire::RepairReport::Table &t : report->tables) {
        tables.append(QJsonObject{{QStringLiteral("table"), t.name},
                                  {QStringLiteral("salvaged"), t.salvaged},
                                  {QStringLiteral("lost"), t.lost >= 0 ? QJsonValue(t.lost) : QJsonValue()}});
        lines.append(QStringLiteral("%1\t%2 salvaged\t%3 lost")
                         .arg(t.name)
                         .arg(t.salvaged)
                         .arg(t.lost >= 0 ? QString::number(t.lost) : QStringLiteral("?")));
    }
    context.output.result(QJsonObject{{QStringLiteral("folder"), report->folder},
                                      {QStringLiteral("uuid"), report->uuid.toString(QUuid::WithoutBraces)},
                                      {QStringLiteral("name"), report->name},
                                      {QStringLiteral("original_kept_in"), report->originalKeptIn},
                                      {QStringLiteral("salvaged"), report->salvaged()},
                                      {QStringLiteral("lost"), report->lost()},
                                      {QStringLiteral("loss_unknown"), report->lossUnknown()},
                                      {QStringLiteral("tables"), tables}},
                          lines.join(u'\n'));
    return ExitOk;
}

int runCheck(Context &context)
{
    const bool all = context.arguments.flag(QStringLiteral("--all"));
    if (all != context.arguments.positionals.isEmpty())
        return context.output.usageError(QStringLiteral("check takes either ALBUM or --all"),
                                         QStringLiteral("Usage: quirectl check ALBUM | --all\n"));
    if (all)
        return runCheckAll(context);
    const quire::Result<quire::Album> album = albumArgument(context);
    if (!album)
        return context.output.failed(album.error());
    const quire::Result<quire::CheckReport> report = album->check();
    if (!report)
        return context.output.failed(report.error());

    const QJsonObject json{{QStringLiteral("folder"), album->folder()},
                           {QStringLiteral("ok"), report->ok},
                           {QStringLiteral("problems"), QJsonArray::fromStringList(report->problems)}};
    context.output.result(json, report->ok ? QStringLiteral("ok") : report->problems.join(u'\n'));
    if (report->ok)
        return ExitOk;
    const qsizetype count = report->problems.size();
    return context.output.failed(quire::Error(
        quire::ErrorCode::Damaged, album->folder(),
        QStringLiteral("The check found %1 %2 (listed on standard output): %3")
            .arg(count)
            .arg(count == 1 ? QStringLiteral("problem") : QStringLiteral("problems"),
                 report->problems.constFirst())));
}

} // namespace quirectl
