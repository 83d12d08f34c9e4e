// The verbs that change a picture's tags: tag, untag. Each runs in one
// transaction: every tag named is attached (or detached), or none is.

#include "commands.h"

#include <quire/session.h>
#include <quire/album.h>
#include <quire/tags.h>
#include <quire/pictures.h>

namespace quirectl {

namespace {

enum class Change { Attach, Detach };

int changeTags(Context &context, Change change)
{
    const quire::Result<quire::Album> album = albumArgument(context);
    if (!album)
        return context.output.failed(album.error());
    quire::Result<quire::Session> session = album->write();
    if (!session)
        return context.output.failed(session.error());
    quire::Result<quire::Transaction> transaction = session->transaction();
    if (!transaction)
        return context.output.failed(transaction.error());

    const QString pictureArgument = context.arguments.positionals.at(1);
    const quire::Result<quire::Picture> picture = quire::Pictures(*session).find(pictureArgument);
    if (!picture) {
        const quire::Error &e = picture.error();
        return context.output.failed(e.album().isEmpty() ? e.withAlbum(album->folder()) : e);
    }

    quire::Tags tags = quire::Tags(*session);
    for (const QString &path : context.arguments.positionals.mid(2)) {
        quire::Result<void> done;
        if (change == Change::Attach) {
            const quire::Result<quire::Tag> tag = tags.ensure(path);
            if (!tag)
                return context.output.failed(tag.error());
            done = tags.attach({picture->id}, tag->id);
        } else {
            const quire::Result<std::optional<quire::Tag>> tag = tags.byPath(path);
            if (!tag)
                return context.output.failed(tag.error());
            if (!*tag) {
                return context.output.failed(session->error(
                    quire::ErrorCode::NotFound,
                    QStringLiteral("No tag '%1' is in the album; nothing was untagged.").arg(path)));
            }
            done = tags.detach({picture->id}, (*tag)->id);
        }
        if (!done)
            return context.output.failed(done.error());
    }

    const quire::Result<QList<quire::Tag>> now = tags.of(picture->id);
    if (!now)
        return context.output.failed(now.error());
    if (auto committed = transaction->commit(); !committed)
        return context.output.failed(committed.error());

    QStringList paths;
    for (const quire::Tag &tag : *now)
        paths.append(tag.path);
    paths.sort();
    context.output.result(pictureJson(*picture, paths), pictureLine(*picture, paths));
    return ExitOk;
}

} // namespace

int runTag(Context &context)
{
    return changeTags(context, Change::Attach);
}

int runUntag(Context &context)
{
    return changeTags(context, Change::Detach);
}

} // namespace quirectl
