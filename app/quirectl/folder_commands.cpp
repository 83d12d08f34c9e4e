// The verbs that copy, rename and delete album folders:
// copy ALBUM DEST, rename ALBUM NEW_NAME [--keep-folder],
// delete ALBUM [--permanently].

#include "commands.h"

#include <quire/album_folders.h>
#include <quire/album.h>
#include <quire/album_registry.h>

#include <QJsonObject>

#include <cstdio>
#include <unistd.h>

namespace quirectl {

int runCopy(Context &context)
{
    const quire::Result<quire::Album> album = albumArgument(context);
    if (!album)
        return context.output.failed(album.error());
    const QString from = album->folder();
    quire::CopyAlbumOptions options;
    // Progress on stderr, when it is a terminal.
    bool shown = false;
    if (::isatty(STDERR_FILENO) == 1) {
        options.progress = [&shown](const quire::CopyAlbumProgress &p) {
            const QByteArray eta = p.remainingMs < 0 ? QByteArray("?")
                                                     : QByteArray::number(qlonglong((p.remainingMs + 999) / 1000)) + 's';
            std::fprintf(stderr, "\rcopying %lld/%lld files, %lld/%lld MB, %s left   ", qlonglong(p.files),
                         qlonglong(p.filesTotal), qlonglong(p.bytes >> 20), qlonglong(p.bytesTotal >> 20),
                         eta.constData());
            shown = true;
            return true;
        };
    }
    const quire::Result<quire::Album> copy =
        quire::copyAlbum(context.registry, album->uuid(), context.arguments.positionals.at(1), options);
    if (shown)
        std::fprintf(stderr, "\n");
    if (!copy)
        return context.output.failed(copy.error());
    context.output.result(QJsonObject{{QStringLiteral("uuid"), copy->uuid().toString(QUuid::WithoutBraces)},
                                      {QStringLiteral("name"), copy->name()},
                                      {QStringLiteral("folder"), copy->folder()},
                                      {QStringLiteral("from"), from},
                                      {QStringLiteral("fromUuid"), album->uuid().toString(QUuid::WithoutBraces)}},
                          QStringLiteral("%1\t%2\t%3").arg(copy->uuid().toString(QUuid::WithoutBraces),
                                                          copy->folder(), copy->name()));
    return ExitOk;
}

int runRename(Context &context)
{
    const quire::Result<quire::Album> album = albumArgument(context);
    if (!album)
        return context.output.failed(album.error());
    const QString from = album->folder();
    const quire::Result<quire::Album> renamed =
        quire::renameAlbum(context.registry, album->uuid(), context.arguments.positionals.at(1),
                           context.arguments.flag(QStringLiteral("--keep-folder")));
    if (!renamed)
        return context.output.failed(renamed.error());
    context.output.result(QJsonObject{{QStringLiteral("uuid"), renamed->uuid().toString(QUuid::WithoutBraces)},
                                      {QStringLiteral("name"), renamed->name()},
                                      {QStringLiteral("from"), from},
                                      {QStringLiteral("folder"), renamed->folder()}},
                          QStringLiteral("%1\t%2").arg(renamed->folder(), renamed->name()));
    return ExitOk;
}

int runDelete(Context &context)
{
    const quire::Result<quire::Album> album = albumArgument(context);
    if (!album)
        return context.output.failed(album.error());
    const QString folder = album->folder();
    const QUuid uuid = album->uuid();
    const bool permanently = context.arguments.flag(QStringLiteral("--permanently"));
    if (auto r = quire::deleteAlbum(context.registry, uuid, permanently); !r)
        return context.output.failed(r.error());
    const QString how = permanently ? QStringLiteral("deleted") : QStringLiteral("trashed");
    context.output.result(QJsonObject{{QStringLiteral("uuid"), uuid.toString(QUuid::WithoutBraces)},
                                      {QStringLiteral("folder"), folder},
                                      {QStringLiteral("outcome"), how}},
                          QStringLiteral("%1 %2").arg(how, folder));
    return ExitOk;
}

} // namespace quirectl
