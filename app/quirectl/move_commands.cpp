// The verb that moves an album folder: move ALBUM DEST (crash-safe, across
// file systems too), and the folder part of `recover`.

#include "commands.h"

#include <quire/album_folders.h>
#include <quire/album.h>
#include <quire/album_registry.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

#include <cstdio>
#include <unistd.h>

namespace quirectl {

int runMove(Context &context)
{
    const quire::Result<quire::Album> album = albumArgument(context);
    if (!album)
        return context.output.failed(album.error());
    const QString from = album->folder();
    const QUuid uuid = album->uuid();
    quire::MoveOptions options;
    // Progress (a copy between file systems) on stderr, when it is a terminal.
    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    bool shown = false;
    if (terminal) {
        options.progress = [&shown](const quire::MoveProgress &p) {
            std::fprintf(stderr, "\rcopying %lld/%lld files, %lld/%lld MB", qlonglong(p.files),
                         qlonglong(p.filesTotal), qlonglong(p.bytes >> 20), qlonglong(p.bytesTotal >> 20));
            shown = true;
            return true;
        };
    }
    const quire::Result<quire::Album> moved =
        quire::moveAlbum(context.registry, uuid, context.arguments.positionals.at(1), options);
    if (shown)
        std::fprintf(stderr, "\n");
    if (!moved)
        return context.output.failed(moved.error());
    context.output.result(QJsonObject{{QStringLiteral("uuid"), uuid.toString(QUuid::WithoutBraces)},
                                      {QStringLiteral("from"), from},
                                      {QStringLiteral("folder"), moved->folder()}},
                          QStringLiteral("%1 -> %2").arg(from, moved->folder()));
    return ExitOk;
}

bool recoverFolders(Context &context, QJsonArray &json, QString &text)
{
    // The roots: the folders around the albums given (the workspace's
    // journal names the rest).
    QStringList roots;
    for (const QString &folder : context.arguments.positionals) {
        const QFileInfo info(folder);
        roots << info.absolutePath();
        if (info.isDir())
            roots << info.absoluteFilePath();
    }
    const quire::Result<quire::FolderRecoveryReport> report = quire::recoverFolderOperations(context.registry, roots);
    if (!report) {
        context.output.problem(report.error());
        return false;
    }
    bool pending = false;
    for (const quire::FolderRecoveryReport::Entry &e : report->entries) {
        const QString outcome = quire::folderRecoveryOutcomeName(e.outcome);
        pending = pending || e.outcome == quire::FolderRecoveryReport::Entry::Outcome::Pending;
        json.append(QJsonObject{{QStringLiteral("album"), e.album.toString(QUuid::WithoutBraces)},
                                {QStringLiteral("folder"), e.folder},
                                {QStringLiteral("outcome"), outcome},
                                {QStringLiteral("message"), e.message}});
        text += QStringLiteral("folder move\t%1 %2: %3 (%4)\n")
                    .arg(e.album.toString(QUuid::WithoutBraces), e.folder, outcome, e.message);
    }
    return !pending;
}

} // namespace quirectl
