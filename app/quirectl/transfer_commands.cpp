// The verbs that carry pictures between albums: move-pictures,
// copy-pictures (atomic as a set, crash-safe), and recover (finishes or
// undoes transfers a crash interrupted).

#include "commands.h"

#include <quire/album_registry.h>
#include <quire/album.h>
#include <quire/pictures.h>
#include <quire/session.h>
#include <quire/transfer.h>

#include <QJsonArray>

namespace quirectl {

namespace {

int transfer(Context &context, bool move)
{
    const QStringList &positionals = context.arguments.positionals;
    const quire::Result<quire::Album> source = context.registry.resolve(positionals.at(0));
    if (!source)
        return context.output.failed(source.error());
    const quire::Result<quire::Album> destination = context.registry.resolve(positionals.at(1));
    if (!destination)
        return context.output.failed(destination.error());

    // PICTURE: a UUID or a path in the source.
    QList<QUuid> pictures;
    {
        quire::Result<quire::Session> session = source->read();
        if (!session)
            return context.output.failed(session.error());
        for (const QString &argument : positionals.mid(2)) {
            const quire::Result<quire::Picture> picture = quire::Pictures(*session).find(argument);
            if (!picture) {
                const quire::Error &e = picture.error();
                return context.output.failed(e.album().isEmpty() ? e.withAlbum(source->folder()) : e);
            }
            pictures.append(picture->uuid);
        }
    }
    const quire::Result<quire::TransferReport> report = move
        ? quire::movePictures(context.registry, *source, *destination, pictures)
        : quire::copyPictures(context.registry, *source, *destination, pictures);
    if (!report)
        return context.output.failed(report.error());

    QJsonArray items;
    QString text;
    for (const quire::TransferReport::Item &item : report->items) {
        items.append(QJsonObject{{QStringLiteral("uuid"), uuidText(item.destinationUuid)},
                                 {QStringLiteral("sourceUuid"), uuidText(item.sourceUuid)},
                                 {QStringLiteral("sourcePath"), item.sourcePath},
                                 {QStringLiteral("path"), item.destinationPath}});
        text += QStringLiteral("%1\t%2 -> %3\n").arg(uuidText(item.destinationUuid), item.sourcePath, item.destinationPath);
    }
    context.output.result(QJsonObject{{QStringLiteral("transfer"), uuidText(report->transfer)},
                                      {QStringLiteral("kind"), move ? QStringLiteral("move") : QStringLiteral("copy")},
                                      {QStringLiteral("source"), source->folder()},
                                      {QStringLiteral("destination"), destination->folder()},
                                      {QStringLiteral("pictures"), items}},
                          text);
    return ExitOk;
}

} // namespace

int runMovePictures(Context &context)
{
    return transfer(context, true);
}

int runCopyPictures(Context &context)
{
    return transfer(context, false);
}

int runRecover(Context &context)
{
    // Without folders: every album the workspace knows. With folders: those
    // albums (for when the workspace was lost).
    const QStringList &folders = context.arguments.positionals;
    // Folder moves first: the albums must be in their place.
    QJsonArray folderEntries;
    QString folderText;
    const bool foldersDone = recoverFolders(context, folderEntries, folderText);
    const quire::Result<quire::RecoveryReport> report = folders.isEmpty()
        ? quire::recoverTransfers(context.registry)
        : quire::recoverTransfers(context.registry, folders);
    if (!report)
        return context.output.failed(report.error());
    QJsonArray entries, problems;
    QString text;
    bool pending = false;
    for (const quire::RecoveryReport::Entry &e : report->entries) {
        const QString outcome = quire::recoveryOutcomeName(e.outcome);
        pending = pending || e.outcome == quire::RecoveryReport::Outcome::Pending;
        entries.append(QJsonObject{{QStringLiteral("transfer"), uuidText(e.transfer)},
                                   {QStringLiteral("kind"), e.kind},
                                   {QStringLiteral("source"), uuidText(e.source)},
                                   {QStringLiteral("destination"), uuidText(e.destination)},
                                   {QStringLiteral("pictures"), e.pictures},
                                   {QStringLiteral("outcome"), outcome},
                                   {QStringLiteral("message"), e.message}});
        text += QStringLiteral("%1\t%2 %3 picture(s) %4 -> %5: %6%7\n")
                    .arg(uuidText(e.transfer), e.kind)
                    .arg(e.pictures)
                    .arg(uuidText(e.source), uuidText(e.destination), outcome,
                         e.message.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(e.message));
    }
    for (const quire::Error &problem : report->problems) {
        problems.append(errorJson(problem));
        text += QStringLiteral("problem: %1\n").arg(problem.toString());
    }
    if (report->entries.isEmpty() && report->problems.isEmpty())
        text = QStringLiteral("no interrupted transfers\n");
    context.output.result(QJsonObject{{QStringLiteral("transfers"), entries}, {QStringLiteral("problems"), problems},
                                      {QStringLiteral("folders"), folderEntries}},
                          folderText + text);
    return pending || !foldersDone ? ExitFailed : ExitOk;
}

} // namespace quirectl
