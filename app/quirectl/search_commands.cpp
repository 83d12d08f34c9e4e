// The verbs that look across every album of the workspace: find (a search
// merged over all albums, or answered from the workspace index when there
// is one), index (builds or refreshes that index) and locate (which albums
// hold a picture UUID).

#include "commands.h"
#include "mark_options.h"

#include <quire/album_registry.h>
#include <quire/album.h>
#include <quire/search.h>
#include <quire/workspace_index.h>

#include <QJsonObject>

#include <cstdio>

#include <unistd.h>

#include <QJsonArray>

namespace quirectl {

namespace {

const QString FindUsage = QStringLiteral(
    "quirectl find [--tag T]... [--any-tag] [--from DATE] [--to DATE] [--rating N] [--label NAME] "
    "[--pick picked|rejected|none] [--text S] "
    "[--word W]... [--album ALBUM]... [--sort taken|-taken|path] [--limit N]");

// An ISO 8601 date or date-time, UTC when it names no offset. A date alone
// as an upper bound (--to) includes that whole day.
QDateTime parseDate(const QString &text, bool upperBound)
{
    // QDate alone would take the date part of a date-time too.
    const QDate date = text.size() == 10 ? QDate::fromString(text, Qt::ISODate) : QDate();
    if (date.isValid())
        return QDateTime(upperBound ? date.addDays(1) : date, QTime(0, 0), Qt::UTC);
    QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!when.isValid())
        return {};
    if (when.timeSpec() == Qt::LocalTime)
        when.setTimeSpec(Qt::UTC);
    return when.toUTC();
}

QString takenText(const QDateTime &taken)
{
    return taken.isValid() ? taken.toUTC().toString(Qt::ISODate) : QStringLiteral("-");
}

QJsonObject hitJson(const QUuid &album, const QString &folder, const QString &name,
                    const quire::Picture &picture)
{
    QJsonObject json = pictureJson(picture, {});
    json.remove(QStringLiteral("tags")); // not read by a search
    json.insert(QStringLiteral("album_uuid"), album.toString(QUuid::WithoutBraces));
    json.insert(QStringLiteral("album_folder"), folder);
    json.insert(QStringLiteral("album_name"), name);
    return json;
}

} // namespace

int runFind(Context &context)
{
    const Arguments &args = context.arguments;
    quire::SearchQuery query;
    if (args.flag(QStringLiteral("--any-tag")))
        query.anyTags = args.values(QStringLiteral("--tag"));
    else
        query.allTags = args.values(QStringLiteral("--tag"));
    if (const QString from = args.option(QStringLiteral("--from")); !from.isNull()) {
        query.takenFrom = parseDate(from, false);
        if (!query.takenFrom.isValid())
            return context.output.usageError(
                QStringLiteral("--from '%1' is not an ISO 8601 date or date-time.").arg(from), FindUsage);
    }
    if (const QString to = args.option(QStringLiteral("--to")); !to.isNull()) {
        query.takenTo = parseDate(to, true);
        if (!query.takenTo.isValid())
            return context.output.usageError(
                QStringLiteral("--to '%1' is not an ISO 8601 date or date-time.").arg(to), FindUsage);
    }
    if (const QString rating = args.option(QStringLiteral("--rating")); !rating.isNull()) {
        int n = 0;
        if (const QString bad = readRating(QStringLiteral("--rating"), rating, &n); !bad.isEmpty())
            return context.output.usageError(bad, FindUsage);
        query.minRating = n;
    }
    if (const QString label = args.option(QStringLiteral("--label")); !label.isNull()) {
        quire::ColourLabel named{};
        if (const QString bad = readLabel(QStringLiteral("--label"), label, &named); !bad.isEmpty())
            return context.output.usageError(bad, FindUsage);
        query.colourLabel = named;
    }
    if (const QString pick = args.option(QStringLiteral("--pick")); !pick.isNull()) {
        quire::PickState named{};
        if (const QString bad = readPick(QStringLiteral("--pick"), pick, &named); !bad.isEmpty())
            return context.output.usageError(bad, FindUsage);
        query.pick = named;
    }
    query.text = args.option(QStringLiteral("--text"));
    query.words = args.values(QStringLiteral("--word"));
    if (const QString sort = args.option(QStringLiteral("--sort")); !sort.isNull()) {
        if (sort == QLatin1String("-taken"))
            query.sort = quire::SearchQuery::Sort::TakenNewestFirst;
        else if (sort == QLatin1String("taken"))
            query.sort = quire::SearchQuery::Sort::TakenOldestFirst;
        else if (sort == QLatin1String("path"))
            query.sort = quire::SearchQuery::Sort::Path;
        else
            return context.output.usageError(
                QStringLiteral("--sort '%1' is not one of taken, -taken, path.").arg(sort), FindUsage);
    }
    if (const QString limit = args.option(QStringLiteral("--limit")); !limit.isNull()) {
        bool ok = false;
        query.limit = limit.toInt(&ok);
        if (!ok || query.limit < 0)
            return context.output.usageError(
                QStringLiteral("--limit '%1' is not a number of pictures.").arg(limit), FindUsage);
    }
    for (const QString &album : args.values(QStringLiteral("--album"))) {
        const quire::Result<quire::Album> resolved = context.registry.resolve(album);
        if (!resolved)
            return context.output.failed(resolved.error());
        query.albums.append(resolved->uuid());
    }

    const quire::Result<quire::SearchResult> result = quire::searchNow(context.registry, query);
    if (!result)
        return context.output.failed(result.error());
    if (!result->indexNote.isEmpty())
        context.output.problem(QString(), QString(), result->indexNote);
    QJsonArray json;
    QStringList lines;
    for (const quire::SearchHit &hit : result->hits) {
        json.append(hitJson(hit.albumUuid, hit.albumFolder, hit.albumName, hit.picture));
        lines.append(QStringList{hit.albumName, hit.albumFolder, hit.picture.path,
                                 takenText(hit.picture.takenAt)}
                         .join(u'\t'));
    }
    // The others' results still count when an album fails: listed on stderr.
    for (const quire::Error &error : result->failedAlbums)
        context.output.problem(error);
    context.output.result(json, lines.join(u'\n'));
    return result->failedAlbums.isEmpty() ? ExitOk : ExitFailed;
}

int runIndex(Context &context)
{
    quire::WorkspaceIndex index(context.registry);
    if (auto opened = index.open(); !opened)
        return context.output.failed(opened.error());
    if (!index.rebuiltBecause().isEmpty())
        context.output.problem(QString(), QString(), index.rebuiltBecause());
    // Progress on stderr, when it is a terminal.
    quire::WorkspaceIndex::Progress progress;
    if (::isatty(STDERR_FILENO) == 1) {
        progress = [](int done, int total) {
            std::fprintf(stderr, "\rindexing albums: %d/%d", done, total);
            if (done == total)
                std::fprintf(stderr, "\n");
        };
    }
    const quire::Result<quire::IndexRefresh> done = context.arguments.flag(QStringLiteral("--rebuild"))
        ? index.rebuild(progress)
        : index.refresh(progress);
    if (!done)
        return context.output.failed(done.error());
    for (const quire::Error &error : done->failedAlbums)
        context.output.problem(error);
    const QJsonObject json{{QStringLiteral("index"), quire::WorkspaceIndex::pathFor(context.registry.workspaceFolder())},
                           {QStringLiteral("albums"), done->albumsTotal},
                           {QStringLiteral("reindexed"), done->albumsReindexed},
                           {QStringLiteral("removed"), done->albumsRemoved},
                           {QStringLiteral("failed"), int(done->failedAlbums.size())}};
    context.output.result(json, QStringLiteral("%1 albums, %2 read again, %3 removed, %4 failed")
                                    .arg(done->albumsTotal).arg(done->albumsReindexed)
                                    .arg(done->albumsRemoved).arg(done->failedAlbums.size()));
    return done->failedAlbums.isEmpty() ? ExitOk : ExitFailed;
}

int runLocate(Context &context)
{
    const QString text = context.arguments.positionals.first();
    const QUuid uuid = QUuid::fromString(text);
    if (uuid.isNull())
        return context.output.usageError(QStringLiteral("'%1' is not a picture UUID.").arg(text),
                                         QStringLiteral("quirectl locate PICTURE_UUID"));
    const quire::Result<quire::LocateResult> found = quire::locate(context.registry, uuid);
    if (!found)
        return context.output.failed(found.error());
    if (found->locations.isEmpty() && found->failedAlbums.isEmpty())
        return context.output.failed(quire::Error(
            quire::ErrorCode::NotFound, {},
            QStringLiteral("No album of the workspace holds picture %1.").arg(uuid.toString(QUuid::WithoutBraces))));
    QJsonArray json;
    QStringList lines;
    for (const quire::PictureLocation &at : found->locations) {
        json.append(hitJson(at.albumUuid, at.albumFolder, at.albumName, at.picture));
        lines.append(QStringList{at.albumUuid.toString(QUuid::WithoutBraces), at.albumFolder,
                                 at.picture.path}
                         .join(u'\t'));
    }
    for (const quire::Error &error : found->failedAlbums)
        context.output.problem(error);
    context.output.result(json, lines.join(u'\n'));
    return found->failedAlbums.isEmpty() ? ExitOk : ExitFailed;
}

} // namespace quirectl
