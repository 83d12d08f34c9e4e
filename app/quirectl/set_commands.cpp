// set: a picture's title, description, rating, colour label and pick, in
// one transaction; every value is checked before anything is written, so a
// bad one changes nothing.
// sidecars: whether the album writes its edits back to XMP sidecars.

#include "commands.h"
#include "mark_options.h"

#include <quire/album.h>
#include <quire/pictures.h>
#include <quire/session.h>
#include <quire/tags.h>

namespace quirectl {

namespace {

const QString SetUsage = QStringLiteral(
    "quirectl set ALBUM PICTURE [--title T] [--description D] [--rating 0-5] "
    "[--label none|red|yellow|green|blue|purple] [--pick picked|rejected|none]");

} // namespace

int runSet(Context &context)
{
    const Arguments &args = context.arguments;
    const QStringList fields{QStringLiteral("--title"), QStringLiteral("--description"), QStringLiteral("--rating"),
                             QStringLiteral("--label"), QStringLiteral("--pick")};
    if (std::none_of(fields.cbegin(), fields.cend(), [&](const QString &f) { return args.flag(f); }))
        return context.output.usageError(QStringLiteral("set needs at least one of %1.").arg(fields.join(u", ")),
                                         SetUsage);
    int rating = 0;
    quire::ColourLabel label{};
    quire::PickState pick{};
    for (const QString &bad : {args.flag(QStringLiteral("--rating"))
                                   ? readRating(QStringLiteral("--rating"), args.option(QStringLiteral("--rating")), &rating)
                                   : QString(),
                               args.flag(QStringLiteral("--label"))
                                   ? readLabel(QStringLiteral("--label"), args.option(QStringLiteral("--label")), &label)
                                   : QString(),
                               args.flag(QStringLiteral("--pick"))
                                   ? readPick(QStringLiteral("--pick"), args.option(QStringLiteral("--pick")), &pick)
                                   : QString()}) {
        if (!bad.isEmpty())
            return context.output.usageError(bad, SetUsage);
    }

    const quire::Result<quire::Album> album = albumArgument(context);
    if (!album)
        return context.output.failed(album.error());
    quire::Result<quire::Session> session = album->write();
    if (!session)
        return context.output.failed(session.error());
    quire::Result<quire::Transaction> transaction = session->transaction();
    if (!transaction)
        return context.output.failed(transaction.error());
    quire::Result<quire::Picture> picture = quire::Pictures(*session).find(args.positionals.at(1));
    if (!picture) {
        const quire::Error &e = picture.error();
        return context.output.failed(e.album().isEmpty() ? e.withAlbum(album->folder()) : e);
    }

    quire::Picture changed = *picture;
    if (args.flag(QStringLiteral("--title")))
        changed.title = args.option(QStringLiteral("--title")).trimmed();
    if (args.flag(QStringLiteral("--description")))
        changed.description = args.option(QStringLiteral("--description"));
    if (args.flag(QStringLiteral("--rating")))
        changed.rating = rating;
    if (args.flag(QStringLiteral("--label")))
        changed.colourLabel = label;
    if (args.flag(QStringLiteral("--pick")))
        changed.pick = pick;
    if (auto updated = quire::Pictures(*session).update(changed); !updated)
        return context.output.failed(updated.error());
    const quire::Result<QList<quire::Tag>> tags = quire::Tags(*session).of(changed.id);
    if (!tags)
        return context.output.failed(tags.error());
    if (auto committed = transaction->commit(); !committed)
        return context.output.failed(committed.error());

    QStringList paths;
    for (const quire::Tag &tag : *tags)
        paths.append(tag.path);
    paths.sort();
    context.output.result(pictureJson(changed, paths), pictureLine(changed, paths));
    return ExitOk;
}

int runSidecars(Context &context)
{
    const Arguments &args = context.arguments;
    std::optional<bool> set;
    if (args.flag(QStringLiteral("--write-back"))) {
        const QString value = args.option(QStringLiteral("--write-back")).trimmed().toLower();
        if (value == QLatin1String("on"))
            set = true;
        else if (value == QLatin1String("off"))
            set = false;
        else
            return context.output.usageError(
                QStringLiteral("--write-back takes on or off, not '%1'.").arg(args.option(QStringLiteral("--write-back"))),
                QStringLiteral("quirectl sidecars ALBUM [--write-back on|off]"));
    }
    const quire::Result<quire::Album> album = albumArgument(context);
    if (!album)
        return context.output.failed(album.error());
    if (set) {
        if (auto r = album->setWritesSidecars(*set); !r)
            return context.output.failed(r.error());
    }
    const quire::Result<bool> on = album->writesSidecars();
    if (!on)
        return context.output.failed(on.error());
    const QJsonObject json{{QStringLiteral("uuid"), album->uuid().toString(QUuid::WithoutBraces)},
                           {QStringLiteral("folder"), album->folder()},
                           {QStringLiteral("write_back"), *on}};
    context.output.result(json, *on ? QStringLiteral("sidecar write-back: on (edits are written to NAME.EXT.xmp)\n")
                                    : QStringLiteral("sidecar write-back: off\n"));
    return ExitOk;
}

} // namespace quirectl
