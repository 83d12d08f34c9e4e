// The verbs about an album as a whole: create, info, check.

#include "commands.h"

#include <quire/registry.h>
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
    const quire::Result<qint64> pictures = session->pictures().count();
    if (!pictures)
        return context.output.failed(pictures.error());
    const quire::Result<QList<quire::Tag>> tags = session->tags().all();
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

int runCheck(Context &context)
{
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
