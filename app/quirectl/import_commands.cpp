// The verbs about bringing photos in: import (and rescan), duplicates.

#include "commands.h"

#include <quire/duplicates.h>
#include <quire/album.h>
#include <quire/import.h>
#include <quire/album_registry.h>

#include <QJsonArray>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace quirectl {

namespace {

// Ctrl+C during an import stops it cleanly: what was written stays, and the
// next import goes on from there.
std::atomic<bool> interrupted{false};

extern "C" void onInterrupt(int)
{
    interrupted.store(true);
}

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024 * 1024), 'f', 1);
}

QString duration(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("?");
    const qint64 s = (ms + 999) / 1000;
    return s >= 60 ? QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60) : QStringLiteral("%1 s").arg(s);
}

QJsonObject reportJson(const quire::ImportReport &r)
{
    QJsonArray problems;
    QJsonArray warnings;
    for (const quire::ImportProblem &p : r.problems) {
        problems.append(QJsonObject{{QStringLiteral("path"), p.path},
                                    {QStringLiteral("reason"), p.reason},
                                    {QStringLiteral("skipped"), p.skipped}});
        warnings.append(QStringLiteral("%1: %2").arg(p.path, p.reason));
    }
    return QJsonObject{
        {QStringLiteral("found"), r.found},         {QStringLiteral("added"), r.added},
        {QStringLiteral("updated"), r.updated},     {QStringLiteral("unchanged"), r.unchanged},
        {QStringLiteral("relinked"), r.relinked},   {QStringLiteral("missing"), r.missing},
        {QStringLiteral("returned"), r.returned},   {QStringLiteral("copied"), r.copied},
        {QStringLiteral("failed"), r.failed},       {QStringLiteral("bytes"), r.bytes},
        {QStringLiteral("sidecars"), r.sidecars},
        {QStringLiteral("elapsed_ms"), r.elapsedMs}, {QStringLiteral("cancelled"), r.cancelled},
        // Files looked at and not added: unchanged ones and failures.
        {QStringLiteral("skipped"), r.unchanged + r.failed},
        {QStringLiteral("problems"), problems},
        // "path: reason" for each problem, for scripts that grep.
        {QStringLiteral("warnings"), warnings},
    };
}

QString reportText(const quire::ImportReport &r, bool copying)
{
    QString text;
    auto line = [&](const char *label, qint64 value) {
        text += QStringLiteral("%1 %2\n").arg(QLatin1String(label), -10).arg(value);
    };
    if (copying)
        line("copied:", r.copied);
    line("added:", r.added);
    line("updated:", r.updated);
    line("unchanged:", r.unchanged);
    line("renamed:", r.relinked);
    line("returned:", r.returned);
    line("missing:", r.missing);
    line("failed:", r.failed);
    if (r.sidecars > 0)
        line("sidecars:", r.sidecars); // read with their pictures
    text += QStringLiteral("%1 %2 MB in %3 s%4\n")
                .arg(QStringLiteral("read:"), -10)
                .arg(megabytes(r.bytes), QString::number(double(r.elapsedMs) / 1000, 'f', 1),
                     r.cancelled ? QStringLiteral(" (cancelled: run the import again to go on)") : QString());
    for (const quire::ImportProblem &p : r.problems)
        text += QStringLiteral("  %1: %2\n").arg(p.path, p.reason);
    return text;
}

} // namespace

int runImport(Context &context)
{
    const quire::Result<quire::Album> album = albumArgument(context);
    if (!album)
        return context.output.failed(album.error());
    quire::ImportOptions options;
    options.sourceFolder = context.arguments.option(QStringLiteral("--from"));
    options.rescan = context.arguments.flag(QStringLiteral("--rescan"));
    options.cancel = &interrupted;
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);

    // Progress on stderr, when it is a terminal.
    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    if (terminal) {
        options.progress = [](const quire::ImportProgress &p) {
            if (p.scanning)
                std::fprintf(stderr, "\rlooking for photos...   ");
            else
                std::fprintf(stderr, "\r%s %lld/%lld files, %s/%s MB, %s left   ", p.copying ? "copying" : "importing",
                             qlonglong(p.files), qlonglong(p.filesTotal), qPrintable(megabytes(p.bytes)),
                             qPrintable(megabytes(p.bytesTotal)), qPrintable(duration(p.remainingMs)));
            std::fflush(stderr);
            return true;
        };
    }
    const quire::Result<quire::ImportReport> report = quire::importPictures(*album, options);
    if (terminal)
        std::fprintf(stderr, "\n");
    if (!report)
        return context.output.failed(report.error());
    context.output.result(reportJson(*report), reportText(*report, !options.sourceFolder.isEmpty()));
    return report->cancelled ? ExitFailed : ExitOk;
}

int runDuplicates(Context &context)
{
    QList<QUuid> albums;
    for (const QString &name : context.arguments.values(QStringLiteral("--album"))) {
        const quire::Result<quire::Album> album = context.registry.resolve(name);
        if (!album)
            return context.output.failed(album.error());
        albums.append(album->uuid());
    }
    QList<quire::Error> unreadable;
    const quire::Result<QList<quire::DuplicateGroup>> groups = quire::findDuplicates(context.registry, albums, &unreadable);
    if (!groups)
        return context.output.failed(groups.error());
    for (const quire::Error &error : std::as_const(unreadable))
        context.output.problem(error);

    QJsonArray json;
    QString text;
    for (const quire::DuplicateGroup &group : *groups) {
        QJsonArray members;
        text += QStringLiteral("%1 bytes, sha1 %2:\n")
                    .arg(group.fileSize)
                    .arg(QString::fromLatin1(group.contentHash.toHex()));
        for (const quire::DuplicateGroup::Member &m : group.members) {
            members.append(QJsonObject{{QStringLiteral("album"), m.album.toString(QUuid::WithoutBraces)},
                                       {QStringLiteral("album_name"), m.albumName},
                                       {QStringLiteral("album_folder"), m.albumFolder},
                                       {QStringLiteral("picture"), m.picture.toString(QUuid::WithoutBraces)},
                                       {QStringLiteral("path"), m.path}});
            text += QStringLiteral("  %1\t%2\n").arg(m.albumName, m.path);
        }
        json.append(QJsonObject{{QStringLiteral("content_hash"), QString::fromLatin1(group.contentHash.toHex())},
                                {QStringLiteral("size"), group.fileSize},
                                {QStringLiteral("pictures"), members}});
    }
    if (groups->isEmpty())
        text = QStringLiteral("no duplicates\n");
    context.output.result(json, text);
    return ExitOk;
}

} // namespace quirectl
